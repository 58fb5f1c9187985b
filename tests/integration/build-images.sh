#!/bin/sh
# scripts/build-images.sh end to end with buildah, offline: a project in $TMP
# (manifest of test JARs, configs, the generated Dockerfile), a loopback Maven
# mirror, a local base image built FROM scratch in a private buildah store.
# The full run succeeds (image tar and SBOM written); then each stage fails
# with the right exit code: lint (1), fetch (1), dockerfile (1), verify (1);
# usage errors exit 2.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

command -v buildah >/dev/null 2>&1 ||
	fail "buildah is not installed (scripts/deps.sh installs it); this test is never skipped"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"

BUILD_IMAGES=$ROOT/scripts/build-images.sh
jb_buildah_private "$TMP/buildah"
BUILDAH_BUD_FLAGS=--pull=never # the base is local; never reach a registry
export BUILDAH_BUD_FLAGS
at_exit 'jb_buildah rm --all >/dev/null 2>&1 || :'
jb_base_image localhost/jarbake-test-base:1 || fail "cannot build the base image"

# The loopback Maven mirror with two test JARs.
repo=$TMP/repo
mkjar() { # GROUP ARTIFACT VERSION [CLASS...]
	d=$repo/$(echo "$1" | tr . /)/$2/$3
	mkdir -p "$d"
	python3 "$JB_LIB/mkjar.py" "$d/$2-$3.jar" "$@"
}
mkjar org.example alpha 1.0 org.example.alpha.Alpha org.example.alpha.Util
mkjar org.example beta 2.1 org.example.beta.Beta
alpha=$repo/org/example/alpha/1.0/alpha-1.0.jar
beta=$repo/org/example/beta/2.1/beta-2.1.jar
sha() { sha256sum "$1" | cut -c1-64; }
jb_mirror_start "$repo" "$TMP/mirror.log" || fail "cannot start the mirror"
at_exit jb_mirror_stop
JARBAKE_MIRROR=$JB_MIRROR_URL
export JARBAKE_MIRROR

# The project, laid out like the repository.
P=$TMP/project
mkdir -p "$P/manifests" "$P/dockerfiles" "$P/conf"
cat >"$P/manifests/test.json" <<EOF
{
  "schema": 1,
  "image": {
    "name": "test-image",
    "base": "localhost/jarbake-test-base:1",
    "spark_version": "3.5.1",
    "scala_version": "2.12",
    "jars_dir": "/opt/spark/jars",
    "user": "spark"
  },
  "repository": "https://repo.invalid/maven2",
  "jars": [
    { "name": "alpha", "maven": "org.example:alpha:1.0",
      "sha256": "$(sha "$alpha")", "size": $(wc -c <"$alpha"),
      "purpose": "test JAR" },
    { "name": "beta", "maven": "org.example:beta:2.1",
      "sha256": "$(sha "$beta")", "purpose": "test JAR" }
  ]
}
EOF
printf 'spark.ui.enabled false\nspark.sql.shuffle.partitions 4\n' \
	>"$P/conf/spark-defaults.conf"
cd "$P"
"$JARBAKE" -m manifests/test.json dockerfile ||
	fail "jarbake dockerfile cannot write dockerfiles/test-image.Dockerfile"
[ -f dockerfiles/test-image.Dockerfile ] || fail "no dockerfiles/test-image.Dockerfile"

build() { # EXPECTED-EXIT [ARGS...]: runs the script with a fresh cache
	want=$1
	shift
	runs=$((${runs:-0} + 1))
	JARBAKE_CACHE=$TMP/cache-$runs
	export JARBAKE_CACHE
	expect_exit "$want" sh "$BUILD_IMAGES" -m manifests/test.json --builder buildah \
		-t localhost/test-image:ci -o out/image.tar --sbom out/sbom.json "$@"
}
# expect_stage_failed STAGE CODE: the script named the stage and the code.
expect_stage_failed() {
	expect_grep "build-images: stage '$1' failed (exit $2)" "$TMP/err"
}

# 1. The whole path succeeds: built, saved, verified, SBOM written.
build 0
for s in lint fetch dockerfile build save verify; do
	expect_grep "==> $s" "$TMP/out"
	expect_grep "<== $s ok (" "$TMP/out"
done
[ -s out/image.tar ] || fail "no image tarball out/image.tar"
[ -s out/sbom.json ] || fail "no SBOM out/sbom.json"
tar tf out/image.tar | grep -qx manifest.json || fail "out/image.tar is not a docker-archive"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out/sbom.json ||
	fail "the SBOM is not JSON"
cmp build/test-image/jars/alpha-1.0.jar "$alpha" || fail "alpha not fetched"
grep -q 'GET /org/example/alpha/1.0/alpha-1.0.jar' "$TMP/mirror.log" ||
	fail "fetch did not use the mirror (JARBAKE_MIRROR)"
good_tar=$TMP/good.tar
cp out/image.tar "$good_tar"

# 2. A lint finding in the repository's configs stops it at lint.
cp conf/spark-defaults.conf "$TMP/defaults.orig"
# jarbake: allow runtime-packages -- the test's deliberately bad config
echo 'spark.jars.packages org.example:gamma:1.0' >>conf/spark-defaults.conf
build 1
expect_stage_failed lint 1
expect_grep "conf/spark-defaults.conf:3:" "$TMP/out"
expect_grep "[runtime-packages]" "$TMP/out"
grep -q '==> fetch' "$TMP/out" && fail "the script went on after lint failed"
cp "$TMP/defaults.orig" conf/spark-defaults.conf

# 3. A JAR on the mirror that does not match its pin stops it at fetch,
# and nothing of it reaches the build context.
# (beta pins no size: the sha256 alone must catch it.)
rm -rf build
cp "$beta" "$TMP/beta.orig"
python3 "$JB_LIB/mkjar.py" "$beta" org.example beta 2.1 org.example.beta.Evil
build 1
expect_stage_failed fetch 1
expect_grep "sha256 mismatch" "$TMP/err"
expect_grep "'beta'" "$TMP/err"
[ ! -e build/test-image/jars/beta-2.1.jar ] ||
	fail "a JAR that failed its checksum was placed in the build context"
cp "$TMP/beta.orig" "$beta"

# 4. A hand-edited Dockerfile stops it at dockerfile.
cp dockerfiles/test-image.Dockerfile "$TMP/Dockerfile.orig"
echo 'LABEL edited="by hand"' >>dockerfiles/test-image.Dockerfile
build 1
expect_stage_failed dockerfile 1
grep -q '==> build' "$TMP/out" && fail "the script built a drifted Dockerfile"
expect_grep "--update-dockerfile" "$TMP/err"
# After a JAR bump, --update-dockerfile regenerates it instead.
build 0 --update-dockerfile --to dockerfile
cmp dockerfiles/test-image.Dockerfile "$TMP/Dockerfile.orig" ||
	fail "--update-dockerfile did not regenerate the Dockerfile"

# 5. A tampered image (one JAR replaced, all digests recomputed) fails
# verify. --from verify re-checks an existing tarball.
python3 "$JB_LIB/mkjar.py" "$TMP/evil.jar" org.example alpha 1.0 org.example.alpha.Evil
python3 "$JB_LIB/tamper-image.py" "$good_tar" /opt/spark/jars/alpha-1.0.jar \
	"$TMP/evil.jar" out/image.tar || fail "cannot tamper the image"
build 1 --from verify
expect_stage_failed verify 1
expect_grep "/opt/spark/jars/alpha-1.0.jar: error: sha256" "$TMP/out"
expect_grep "[mismatch]" "$TMP/out"
grep -q '==> build' "$TMP/out" && fail "--from verify ran the build"
# ... and the untampered tarball passes the same stage.
cp "$good_tar" out/image.tar
build 0 --only verify

# 6. Usage errors exit 2 before any stage. (The builders themselves, each
# for real: tests/integration/builder-*.sh.)
build 2 --builder nonesuch
expect_grep "unknown builder 'nonesuch' (docker, podman or buildah)" "$TMP/err"
build 2 --from nowhere
build 2 --save-format tar
expect_grep "unknown save format 'tar'" "$TMP/err"
build 2 --push docker://127.0.0.1:5000/x:1
expect_grep "--push takes a reference without 'docker://'" "$TMP/err"
build 2 --push justaname
grep -q '==> lint' "$TMP/out" && fail "a usage error ran a stage"
echo "build-images: $runs runs passed"
