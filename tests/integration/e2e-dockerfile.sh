#!/bin/sh
# End to end (issue 2): the Dockerfile that 'jarbake dockerfile' writes builds
# with buildah, offline, from a local base image created FROM scratch; in the
# built image every JAR of the manifest is in jars_dir with its pinned bytes,
# mode 0644 (as 'jarbake fetch' leaves them in the context: no COPY --chmod,
# which the legacy Docker builder rejects; build-images.sh makes a 0600 JAR
# 0644, tests/integration/builder-docker.sh) and owner root:root (even though
# the build context has them owned by another user), nothing else was added
# there, and the image's runtime user is still the base's non-root user.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

command -v buildah >/dev/null 2>&1 ||
	fail "buildah is not installed (scripts/deps.sh installs it); this test is never skipped"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"

jb_buildah_private "$TMP/buildah"
at_exit 'jb_buildah rm --all >/dev/null 2>&1 || :'
base=localhost/jarbake-e2e-base:1
jb_base_image "$base" spark || fail "cannot build the base image"
base_user=$(jb_buildah inspect --format '{{.OCIv1.Config.User}}' "$base")
[ "$base_user" = spark ] || fail "the base image's user is '$base_user', not spark"

# The build context, as 'jarbake fetch' leaves it: build/NAME/jars/. Two
# Maven JARs and a url JAR installed under its own file name.
P=$TMP/project
jars=$P/build/e2e-image/jars
mkdir -p "$P/manifests" "$jars"
python3 "$JB_LIB/mkjar.py" "$jars/alpha-1.0.jar" org.example alpha 1.0 org.example.alpha.Alpha
python3 "$JB_LIB/mkjar.py" "$jars/beta_2.12-2.1.jar" org.example beta_2.12 2.1 org.example.beta.Beta
python3 "$JB_LIB/mkjar.py" "$jars/agent.jar" io.example agent 0.9 io.example.agent.Agent
sha() { sha256sum "$1" | cut -c1-64; }
cat >"$P/manifests/e2e.json" <<EOF
{
  "schema": 1,
  "image": {
    "name": "e2e-image",
    "base": "$base",
    "spark_version": "3.5.1",
    "scala_version": "2.12",
    "jars_dir": "/opt/spark/jars",
    "user": "spark"
  },
  "repository": "https://repo.invalid/maven2",
  "jars": [
    { "name": "alpha", "maven": "org.example:alpha:1.0",
      "sha256": "$(sha "$jars/alpha-1.0.jar")", "purpose": "test JAR" },
    { "name": "beta", "maven": "org.example:beta_2.12:2.1",
      "sha256": "$(sha "$jars/beta_2.12-2.1.jar")", "purpose": "test JAR" },
    { "name": "agent", "version": "0.9",
      "url": "https://downloads.invalid/agent/0.9/agent-0.9.jar",
      "file": "agent.jar", "sha256": "$(sha "$jars/agent.jar")",
      "purpose": "test url JAR" }
  ]
}
EOF
# Hostile context owner: the Dockerfile must not inherit it.
chmod 0644 "$jars"/*.jar
chown 1234:1234 "$jars"/*.jar

cd "$P"
"$JARBAKE" -m manifests/e2e.json dockerfile -o Dockerfile ||
	fail "jarbake dockerfile failed"
grep -Eiq '^[[:space:]]*RUN[[:space:]].*(curl|wget)' Dockerfile &&
	fail "the Dockerfile downloads at build time"

img=localhost/e2e-image:test
jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --layers --pull=never \
	-f Dockerfile -t "$img" build/e2e-image >"$TMP/bud.log" 2>&1 ||
	{ cat "$TMP/bud.log" >&2; fail "buildah bud of the generated Dockerfile failed"; }

# The final filesystem, through a working container's mount.
ctr=$(jb_buildah from --pull-never "$img") || fail "buildah from failed"
mnt=$(jb_buildah mount "$ctr") || fail "buildah mount failed"
for f in alpha-1.0.jar beta_2.12-2.1.jar agent.jar; do
	p=$mnt/opt/spark/jars/$f
	[ -f "$p" ] || fail "/opt/spark/jars/$f is missing from the image"
	got=$(stat -c '%a %u:%g' "$p")
	[ "$got" = "644 0:0" ] ||
		fail "/opt/spark/jars/$f has mode and owner '$got', expected '644 0:0'"
	[ "$(sha "$p")" = "$(sha "$jars/$f")" ] ||
		fail "/opt/spark/jars/$f in the image differs from the build context"
done
n=$(find "$mnt/opt/spark/jars" -mindepth 1 | wc -l)
[ "$n" -eq 4 ] || { ls -la "$mnt/opt/spark/jars" >&2; fail "jars_dir holds $n entries, expected the base's and 3"; }
[ -f "$mnt/opt/spark/jars/spark-core_2.12-3.5.1.jar" ] || fail "the base's JAR is gone"
[ -f "$mnt/opt/spark/conf/spark-defaults.conf" ] || fail "the base's files are gone"
jb_buildah umount "$ctr" >/dev/null
jb_buildah rm "$ctr" >/dev/null

# The image config: the base's non-root user, and labels naming the manifest.
user=$(jb_buildah inspect --format '{{.OCIv1.Config.User}}' "$img")
[ "$user" = "$base_user" ] ||
	fail "the image runs as '$user', expected the base's user '$base_user'"
manifest_sha=$(sha manifests/e2e.json)
jb_buildah inspect --type image "$img" >"$TMP/inspect.json" ||
	fail "buildah inspect failed"
python3 -c 'import json, sys
for k, v in sorted((json.load(open(sys.argv[1]))["OCIv1"]["config"].get("Labels") or {}).items()):
    print("%s=%s" % (k, v))' "$TMP/inspect.json" >"$TMP/labels" ||
	fail "cannot read the labels from buildah inspect"
expect_grep "$manifest_sha" "$TMP/labels"

# The same from the saved tarball (what verify reads): owners and modes in
# the layer tars themselves, not only in this machine's store.
jb_buildah push --quiet "$img" "docker-archive:$TMP/image.tar:$img" ||
	fail "buildah push to docker-archive failed"
# One layer per JAR in manifest order (with --layers, as build-images.sh
# builds): a bump of one JAR changes one layer blob.
python3 - "$TMP/image.tar" <<'EOF' || fail "the saved image's layers are wrong"
import io, json, sys, tarfile
t = tarfile.open(sys.argv[1])
layers = json.loads(t.extractfile("manifest.json").read())[0]["Layers"]
seen, per_layer = {}, []
for name in layers:
    lt = tarfile.open(fileobj=io.BytesIO(t.extractfile(name).read()))
    jars = []
    for m in lt.getmembers():
        n = m.name.lstrip("./")
        if n.startswith("opt/spark/jars/") and n.endswith(".jar"):
            seen[n] = (oct(m.mode & 0o7777), m.uid, m.gid)
            jars.append(n[len("opt/spark/jars/"):])
    if jars:
        per_layer.append(jars)
files = ["alpha-1.0.jar", "beta_2.12-2.1.jar", "agent.jar"]
base = ["spark-core_2.12-3.5.1.jar"]
want = {"opt/spark/jars/" + f: ("0o644", 0, 0) for f in files + base}
if seen != want:
    sys.stderr.write("layers hold %r\nexpected %r\n" % (seen, want))
    sys.exit(1)
if per_layer[-3:] != [[f] for f in files] or len(per_layer) != 4:
    sys.stderr.write("JARs per layer: %r, expected one per layer in manifest order\n" % per_layer)
    sys.exit(1)
EOF
echo "e2e-dockerfile: image built offline, 3 JARs 0644 root:root, user $user"
