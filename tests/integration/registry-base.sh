#!/bin/sh
# Prove the base: "jarbake lock --base-image docker://REF" pins image.base
# by the registry's digest and records the base's layer diff_ids
# (image.base_layers); the Dockerfile's FROM carries the digest; verify of
# an image built FROM that base (buildah, pushed to docker-registry on
# loopback) proves its first layers are the base's, and an image built
# from another base is "base-mismatch" (exit 1). --base-image also takes
# an OCI archive (its manifest digest) and a docker-archive (no digest:
# layers only). A malformed digest in image.base is exit 2 at line:col.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/registry/lib.sh
. "$ROOT/tests/registry/lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"
need docker-registry skopeo buildah python3
JARBAKE_CACHE=$TMP/cache
export JARBAKE_CACHE
unset JARBAKE_MIRROR

reg_start base
R=127.0.0.1:$REG_PORT
jb_buildah_private "$TMP/buildah"
at_exit 'jb_buildah rm --all >/dev/null 2>&1 || :'
sha() { sha256sum "$1" | cut -c1-64; }

# The manifest's one JAR, served on loopback.
www=$TMP/www
d=$www/maven2/org/example/alpha/1.0
mkdir -p "$d"
python3 "$JB_LIB/mkjar.py" "$d/alpha-1.0.jar" org.example alpha 1.0 org.example.alpha.Alpha
jb_mirror_start "$www" "$TMP/www.log" || skip "cannot start the loopback JAR server"
at_exit jb_mirror_stop

# Two bases (different JARs), each pushed to the registry.
jb_base_image localhost/base:1 || fail "cannot build the test base"
ctx=$TMP/ctx2
mkdir -p "$ctx/rootfs/opt/spark/jars"
python3 "$JB_LIB/mkjar.py" "$ctx/rootfs/opt/spark/jars/spark-core_2.12-3.5.0.jar" \
	org.apache.spark spark-core_2.12 3.5.0 org.apache.spark.SparkContext
printf 'FROM scratch\nCOPY rootfs/ /\n' >"$ctx/Containerfile"
jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --pull=never --quiet \
	-f "$ctx/Containerfile" -t localhost/other:1 "$ctx" >/dev/null 2>"$TMP/bud.err" ||
	{ cat "$TMP/bud.err" >&2; fail "buildah bud of the other base failed"; }
push() { # IMAGE DEST
	jb_buildah push --quiet --tls-verify=false "$1" "$2" >/dev/null 2>"$TMP/push.err" ||
		{ cat "$TMP/push.err" >&2; fail "buildah push $1 $2 failed"; }
}
push localhost/base:1 "docker://$R/spark/base:1"
push localhost/other:1 "docker://$R/spark/other:1"
push localhost/base:1 "oci-archive:$TMP/base.oci.tar"
push localhost/base:1 "docker-archive:$TMP/base.docker.tar:localhost/base:1"
digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$R/spark/base:1")
skopeo inspect --tls-verify=false --config "docker://$R/spark/base:1" |
	python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["rootfs"]["diff_ids"]))' >"$TMP/base.layers"

M=$TMP/m.json
cat >"$M" <<EOF2
{
  "schema": 1,
  "image": {
    "name": "base-test",
    "base": "localhost/base:1",
    "spark_version": "3.5.1",
    "scala_version": "2.12",
    "jars_dir": "/opt/spark/jars",
    "user": "spark"
  },
  "repository": "$JB_MIRROR_URL/maven2",
  "jars": [
    { "name": "alpha", "maven": "org.example:alpha:1.0",
      "sha256": "$(sha "$d/alpha-1.0.jar")", "size": $(wc -c <"$d/alpha-1.0.jar" | tr -d ' '),
      "purpose": "test JAR" }
  ]
}
EOF2
cp "$M" "$TMP/orig.json"
jb() { "$JARBAKE" -m "$M" "$@"; }

# 1. lock --base-image docker://: the digest and the layers, in the image
#    object, after "base", one layer a line.
expect_exit 0 jb lock --retries 0 --base-image "docker://$R/spark/base:1"
expect_grep "base      $digest, $(wc -l <"$TMP/base.layers" | tr -d ' ') layer" "$TMP/out"
expect_grep "\"base\": \"localhost/base:1@$digest\"," "$M"
python3 - "$M" "$TMP/base.layers" <<'PY' || fail "base_layers are not the base's diff_ids: $(cat "$M")"
import json, sys
m = json.load(open(sys.argv[1]))
want = open(sys.argv[2]).read().split()
assert m["image"]["base_layers"] == want, (m["image"]["base_layers"], want)
assert list(m["image"]).index("base_layers") == list(m["image"]).index("base") + 1
PY
grep -q '^    "base_layers": \[$' "$M" || fail "base_layers is not laid out one a line: $(cat "$M")"
cp "$M" "$TMP/locked.json"
expect_exit 0 jb lock --retries 0 --base-image "docker://$R/spark/base:1"
expect_grep "unchanged" "$TMP/out"
cmp -s "$M" "$TMP/locked.json" || fail "a second lock changed the manifest"

# 2. The Dockerfile's FROM carries the digest.
expect_exit 0 jb dockerfile -o -
expect_grep "FROM localhost/base:1@$digest" "$TMP/out"

# 3. An image built FROM the base passes and says the base is proven; one
#    built from the other base is base-mismatch.
app() { # NAME BASE
	mkdir -p "$TMP/$1"
	cp "$d/alpha-1.0.jar" "$TMP/$1/"
	printf 'FROM %s\nCOPY alpha-1.0.jar /opt/spark/jars/alpha-1.0.jar\n' "$2" >"$TMP/$1/Containerfile"
	jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --pull=never --quiet \
		-f "$TMP/$1/Containerfile" -t "localhost/$1:1" "$TMP/$1" >/dev/null 2>"$TMP/bud.err" ||
		{ cat "$TMP/bud.err" >&2; fail "buildah bud of $1 failed"; }
	push "localhost/$1:1" "docker://$R/spark/$1:1"
}
app good localhost/base:1
app bad localhost/other:1
expect_exit 0 jb verify --retries 0 "docker://$R/spark/good:1"
expect_grep "note: the first $(wc -l <"$TMP/base.layers" | tr -d ' ') layer" "$TMP/out"
expect_grep "are the pinned base 'localhost/base:1@$digest' [base]" "$TMP/out"
expect_exit 1 jb verify --retries 0 "docker://$R/spark/bad:1"
expect_grep "layer 1 of the image is sha256:" "$TMP/out"
expect_grep "the pinned base 'localhost/base:1@$digest' has $(head -1 "$TMP/base.layers"): the image was not built from it [base-mismatch]" "$TMP/out"
expect_exit 1 jb verify --format json --retries 0 "docker://$R/spark/bad:1"
expect_grep '"base-mismatch"' "$TMP/out"

# 3b. A multi-platform base: the digest pinned is the index's (FROM works on
#     every platform), the layers those of --platform's image.
jb_buildah manifest create localhost/basemulti:1 >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest create failed"; }
jb_buildah manifest add --os linux --arch amd64 localhost/basemulti:1 \
	"docker://$R/spark/base:1" --tls-verify=false >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest add failed"; }
jb_buildah manifest add --os linux --arch arm64 localhost/basemulti:1 \
	"docker://$R/spark/other:1" --tls-verify=false >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest add failed"; }
jb_buildah manifest push --all --tls-verify=false localhost/basemulti:1 \
	"docker://$R/spark/multi:1" >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest push failed"; }
index=sha256:$(skopeo inspect --raw --tls-verify=false "docker://$R/spark/multi:1" | sha256sum | cut -c1-64)
cp "$TMP/orig.json" "$M"
expect_exit 0 jb lock --retries 0 --platform linux/amd64 --base-image "docker://$R/spark/multi:1"
expect_grep "\"base\": \"localhost/base:1@$index\"," "$M"
expect_grep "$(head -1 "$TMP/base.layers")" "$M"
skopeo inspect --tls-verify=false --config "docker://$R/spark/other:1" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["rootfs"]["diff_ids"][0])' >"$TMP/other.layer"
expect_exit 0 jb lock --retries 0 --platform linux/arm64 --base-image "docker://$R/spark/multi:1"
expect_grep "\"base\": \"localhost/base:1@$index\"," "$M"
expect_grep "$(cat "$TMP/other.layer")" "$M"
expect_exit 2 jb lock --retries 0 --platform linux/s390x --base-image "docker://$R/spark/multi:1"
expect_grep "no image for platform linux/s390x" "$TMP/err"
expect_exit 2 jb lock --retries 0 --platform linux/amd64 --base "$TMP/base.oci.tar"
expect_grep "--platform needs --base-image docker://REF" "$TMP/err"

# 4. --base-image from an OCI archive: its manifest digest (the same bytes
#    as pushed by buildah, so the same digest) and the same layers.
cp "$TMP/orig.json" "$M"
expect_exit 0 jb lock --retries 0 --base-image "$TMP/base.oci.tar"
python3 - "$M" "$TMP/base.layers" <<'PY' || fail "lock --base-image of an OCI archive: $(cat "$M")"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["image"]["base"].startswith("localhost/base:1@sha256:"), m["image"]["base"]
assert m["image"]["base_layers"] == open(sys.argv[2]).read().split()
PY

# 5. A docker-archive records no digest: the layers only; with a digest
#    already pinned it refuses (exit 2) and leaves the manifest alone.
cp "$TMP/orig.json" "$M"
expect_exit 0 jb lock --retries 0 --base-image "$TMP/base.docker.tar"
expect_grep "(no digest in the archive)" "$TMP/out"
expect_grep '"base": "localhost/base:1",' "$M"
expect_grep '"base_layers": [' "$M"
cp "$TMP/locked.json" "$M"
expect_exit 2 jb lock --retries 0 --base-image "$TMP/base.docker.tar"
expect_grep "records no image digest" "$TMP/err"
cmp -s "$M" "$TMP/locked.json" || fail "a refused lock changed the manifest"

# 6. A digest pinned without base_layers: a warning, not a failure.
python3 - "$TMP/locked.json" "$M" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
del m["image"]["base_layers"]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 0 jb verify --retries 0 "docker://$R/spark/good:1"
expect_grep "the base is not proven" "$TMP/out"

# 7. Malformed pins: exit 2 at the value's line:column.
sed 's/"localhost\/base:1@sha256:[0-9a-f]*"/"localhost\/base:1@sha256:XYZ"/' "$TMP/locked.json" >"$M"
expect_exit 2 jb verify "docker://$R/spark/good:1"
line=$(grep -n '"base": ' "$M" | cut -d: -f1)
expect_grep "$M:$line:13: error: invalid digest in base image reference 'localhost/base:1@sha256:XYZ'" "$TMP/err"
sed 's/^\(      "sha256:\)[0-9a-f]\{4\}/\1zzzz/' "$TMP/locked.json" >"$M"
expect_exit 2 jb verify "docker://$R/spark/good:1"
expect_grep "a base layer must be a diff_id" "$TMP/err"
echo "ok: the base is proven"
