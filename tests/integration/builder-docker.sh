#!/bin/sh
# scripts/build-images.sh with a real Docker daemon (Debian docker.io, started
# here with its own data root, exec root, pid file and socket): the 20.10 CLI
# with its built-in BuildKit and with the legacy builder, a CLI >= 23 without
# buildx (legacy, as the issue saw it fail), a 0600 JAR in the context, the
# Dockerfile that BuildKit-only options broke, a missing base,
# --check-reproducible (docker 20.10 cannot: exit 1, said why), and --push
# to a loopback docker-registry verified from the registry.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/builder-lib.sh.in
. "$(dirname "$0")/builder-lib.sh.in"

[ -x /usr/bin/docker ] ||
	skip "Debian's docker CLI /usr/bin/docker is not installed (docker.io; scripts/deps.sh)"
bt_dockerd_start
bt_base_tar
bt_project

# Each CLI through PATH: the real binaries, no shim.
mkdir -p "$TMP/cli20"
ln -s /usr/bin/docker "$TMP/cli20/docker"
PATH=$TMP/cli20:$PATH
export PATH
docker load -i "$TMP/base.tar" >/dev/null || fail "docker load of the base failed"

# 1. Auto-detection with the 20.10 CLI: docker, BuildKit built in.
bt_build 0
expect_grep "build-images: builder docker (a Docker daemon answers 'docker info')" "$TMP/out"
expect_grep "docker builds with buildkit: no buildx plugin; the docker CLI 20.10" "$TMP/out"
expect_grep "reproducible layers: no (the daemon's built-in BuildKit" "$TMP/out"
expect_grep "build-images: test-image built and verified" "$TMP/out"
bt_check_labels "$P/out/image.tar"
python3 - "$P/out/image.tar" <<'EOF' || fail "the JARs in the image are not 0644 root:root"
import io, json, sys, tarfile
t = tarfile.open(sys.argv[1])
m = json.loads(t.extractfile("manifest.json").read())[0]
seen = {}
for name in m["Layers"]:
    for e in tarfile.open(fileobj=io.BytesIO(t.extractfile(name).read())):
        if e.name.endswith(".jar") and "/jars/" in e.name:
            seen[e.name.lstrip("./")] = (e.mode & 0o7777, e.uid, e.gid)
want = {"opt/spark/jars/alpha-1.0.jar": (0o644, 0, 0),
        "opt/spark/jars/beta-2.1.jar": (0o644, 0, 0)}
got = {k: v for k, v in seen.items() if k in want}
if got != want:
    sys.exit("got %r" % got)
EOF

# docker save writes docker-archive only: oci-archive is a usage error.
bt_build 2 --only save --save-format oci-archive
expect_grep "docker save writes docker-archive only" "$TMP/err"

# 2. The legacy builder (DOCKER_BUILDKIT=0): the generated Dockerfile has
# nothing it rejects. A JAR left 0600 in the context reaches the image 0644.
chmod 0600 "$P/build/test-image/jars/alpha-1.0.jar"
DOCKER_BUILDKIT=0 bt_build 0 --from build
expect_grep "docker builds with legacy: DOCKER_BUILDKIT=0 is set" "$TMP/out"
expect_grep "making the context's JARs mode 0644" "$TMP/out"
[ "$(stat -c %a "$P/build/test-image/jars/alpha-1.0.jar")" = 644 ] ||
	fail "the context's JAR is still not 0644"

# 3. What broke before: COPY --chmod under the legacy builder. The failure
# names the cause and the fix.
sed 's|^COPY --chown=0:0 |COPY --chown=0:0 --chmod=0644 |' \
	"$P/dockerfiles/test-image.Dockerfile" >"$TMP/old.Dockerfile"
cp "$P/dockerfiles/test-image.Dockerfile" "$TMP/new.Dockerfile"
cp "$TMP/old.Dockerfile" "$P/dockerfiles/test-image.Dockerfile"
DOCKER_BUILDKIT=0 bt_build 3 --only build
expect_grep "cause: the Dockerfile uses a BuildKit-only option" "$TMP/err"
expect_grep "fix: regenerate it with this jarbake" "$TMP/err"
cp "$TMP/new.Dockerfile" "$P/dockerfiles/test-image.Dockerfile"

# 4. --check-reproducible: docker 20.10 cannot give the same image twice;
# the check builds twice, fails with 1 and says why.
DOCKER_BUILDKIT=0 bt_build 1 --only build --check-reproducible
expect_grep "not reproducible: two builds gave image IDs" "$TMP/err"
expect_grep "expected with this builder: the legacy builder stamps" "$TMP/err"
expect_grep "stage 'build' failed (exit 1)" "$TMP/err"
# ... nor can its built-in BuildKit (the README's table says so).
bt_build 1 --only build --check-reproducible
expect_grep "not reproducible: two builds gave image IDs" "$TMP/err"
expect_grep "expected with this builder: the daemon's built-in BuildKit" "$TMP/err"

# 5. A CLI >= 23 with no buildx plugin (the issue's second failure): even
# with DOCKER_BUILDKIT=1 the script picks the legacy builder and says why.
cli28=""
for c in /usr/local/bin/docker $(command -v -a docker 2>/dev/null); do
	v=$("$c" version --format '{{.Client.Version}}' 2>/dev/null) || continue
	case $v in [2-9][3-9].* | [3-9][0-9].*) cli28=$c ;; esac
	[ -n "$cli28" ] && break
done
if [ -n "$cli28" ] && ! "$cli28" buildx version >/dev/null 2>&1; then
	mkdir -p "$TMP/cli28"
	ln -s "$cli28" "$TMP/cli28/docker"
	PATH=$TMP/cli28:$PATH DOCKER_BUILDKIT=1 bt_build 0 --from build
	expect_grep "needs the buildx plugin for BuildKit and it is missing" "$TMP/out"
	expect_grep "docker builds with legacy" "$TMP/out"
	echo "builder-docker: CLI $("$cli28" version --format '{{.Client.Version}}') without buildx: legacy builder"
else
	echo "builder-docker: SKIP part 5: no docker CLI >= 23 without buildx on this machine"
fi

# 6. A base the daemon does not have, and no registry to pull it from.
docker rmi "$BASE" >/dev/null || fail "cannot remove the base"
bt_build 3 --only build
expect_grep "cause: the base image is not in docker's image store" "$TMP/err"
expect_grep "fix: 'docker pull BASE' or 'docker load -i BASE.tar'" "$TMP/err"
docker load -i "$TMP/base.tar" >/dev/null || fail "docker load of the base failed"

# 7. --push to a loopback registry, then verify what the registry serves.
bt_registry_start
bt_build 0 --from build --push "$REG/akko/test-image:ci"
expect_grep "==> push" "$TMP/out"
expect_grep "build-images: pushed $REG/akko/test-image@sha256:" "$TMP/out"
bt_registry_verified builder-docker
curl -sf "http://$REG/v2/akko/test-image/tags/list" | grep -q '"ci"' ||
	fail "the registry has no tag ci"
echo "builder-docker: buildkit, legacy, --check-reproducible, --push passed"
