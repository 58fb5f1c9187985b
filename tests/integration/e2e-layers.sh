#!/bin/sh
# The layer design the README promises: built as build-images.sh builds
# (buildah --layers --timestamp, JARs placed by 'jarbake fetch' with a fixed
# mtime), the same manifest gives the same layer blobs in two builds from
# empty stores, and bumping one JAR changes exactly that JAR's layer.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

command -v buildah >/dev/null 2>&1 ||
	fail "buildah is not installed (scripts/deps.sh installs it); this test is never skipped"

P=$TMP/project
mkdir -p "$P/repo" "$P/manifests"
python3 "$JB_LIB/mkjar.py" "$P/repo/alpha-1.0.jar" org.example alpha 1.0 org.example.alpha.Alpha
python3 "$JB_LIB/mkjar.py" "$P/repo/beta-2.0.jar" org.example beta 2.0 org.example.beta.Beta
python3 "$JB_LIB/mkjar.py" "$P/repo/beta-2.1.jar" org.example beta 2.1 org.example.beta.Beta2
python3 "$JB_LIB/mkjar.py" "$P/repo/gamma-3.0.jar" org.example gamma 3.0 org.example.gamma.Gamma
sha() { sha256sum "$1" | cut -c1-64; }
base=localhost/jarbake-layers-base:1

manifest() { # BETA_VERSION
	cat <<EOF2
{
  "schema": 1,
  "image": { "name": "layers", "base": "$base", "spark_version": "3.5.1",
             "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark" },
  "jars": [
    { "name": "alpha", "version": "1.0", "url": "file://$P/repo/alpha-1.0.jar",
      "sha256": "$(sha "$P/repo/alpha-1.0.jar")" },
    { "name": "beta", "version": "$1", "url": "file://$P/repo/beta-$1.jar",
      "sha256": "$(sha "$P/repo/beta-$1.jar")" },
    { "name": "gamma", "version": "3.0", "url": "file://$P/repo/gamma-3.0.jar",
      "sha256": "$(sha "$P/repo/gamma-3.0.jar")" }
  ]
}
EOF2
}

# build N BETA_VERSION: a fresh store, fetch, dockerfile, build; prints the
# image's layer diff IDs, one a line.
build() {
	jb_buildah_private "$TMP/store$1"
	jb_base_image "$base" spark >/dev/null 2>&1 || fail "cannot build the base image"
	manifest "$2" >"$P/manifests/layers.json"
	rm -rf "$P/build"
	(cd "$P" && JARBAKE_CACHE=$TMP/cache$1 "$JARBAKE" -m manifests/layers.json fetch -q &&
		"$JARBAKE" -m manifests/layers.json dockerfile) || fail "fetch or dockerfile failed"
	sleep 1 # a different wall clock for every build
	(cd "$P" && jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --layers \
		--timestamp "${SOURCE_DATE_EPOCH:-315532800}" --pull=never \
		-f dockerfiles/layers.Dockerfile -t localhost/layers:$1 build/layers) \
		>"$TMP/bud$1.log" 2>&1 || { cat "$TMP/bud$1.log" >&2; fail "buildah bud failed"; }
	jb_buildah inspect --format '{{range .OCIv1.RootFS.DiffIDs}}{{println .}}{{end}}' \
		localhost/layers:$1 | grep . >"$TMP/layers$1"
	jb_buildah rm --all >/dev/null 2>&1 || :
}

build 1 2.0
build 2 2.0
# The test's base image is rebuilt each time (its own blob differs); the
# JAR layers above it must not.
tail -n +2 "$TMP/layers1" >"$TMP/jars1"
tail -n +2 "$TMP/layers2" >"$TMP/jars2"
cmp -s "$TMP/jars1" "$TMP/jars2" ||
	{ diff "$TMP/jars1" "$TMP/jars2" >&2; fail "the same manifest gave other JAR layer blobs"; }
build 3 2.1
# base, alpha, beta, gamma: only beta's layer (the third) changed.
n=$(wc -l <"$TMP/layers1")
[ "$n" -eq 4 ] || fail "expected 4 layers (base + one per JAR), got $n"
changed=$(paste -d' ' "$TMP/layers1" "$TMP/layers3" | awk 'NR > 1 && $1 != $2 { print NR }' | tr '\n' ' ')
[ "$changed" = "3 " ] || fail "a bump of beta changed layers '$changed', expected only 3"
echo "e2e-layers: reproducible layer blobs; a bump changes one layer"
