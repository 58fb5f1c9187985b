#!/bin/sh
# Benchmark of scripts/build-images.sh per builder (not a test), on the demo
# manifest (manifests/demo.json: three real Debian JARs from a loopback
# mirror) and the tiny FROM-scratch base of the demo, loaded into each
# engine. For each builder available here (docker with built-in BuildKit,
# docker's legacy builder, podman, buildah; each in a store of its own), the
# median of ROUNDS runs of:
#   pipeline   build-images.sh, every stage, the builder's cache warm
#   cold       the build stage alone with an empty build cache (--no-cache)
#   bare       the builder's own build command alone, --no-cache, same input
# Prints the times and the ratio cold/bare: what the script adds to a build.
#   bench/build.sh [ROUNDS]   (default 3)
set -eu
ROUNDS=${1:-3}
# The test helpers start the private engines (tests/integration/builder-lib.sh.in).
BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$BENCH_ROOT/jarbake}
# shellcheck source=tests/lib.sh
. "$BENCH_ROOT/tests/lib.sh"
ROOT=$BENCH_ROOT
skip() {
	echo "bench: $*" >&2
	return 1
}
# shellcheck source=tests/integration/builder-lib.sh.in
. "$ROOT/tests/integration/builder-lib.sh.in"
[ -x "$JARBAKE" ] || fail "build ./jarbake first"
BASE=localhost/jarbake-demo-base:1
# The manifest's base is the demo's; the tests' project is not used here.
jb_debian_jars >/dev/null || fail "the Debian JARs of the demo are missing"
jb_mirror_start /usr/share/maven-repo "$TMP/mirror.log" || fail "no mirror"
at_exit jb_mirror_stop
JARBAKE_MIRROR=$JB_MIRROR_URL JARBAKE_CACHE=$TMP/cache
export JARBAKE_MIRROR JARBAKE_CACHE
P=$TMP/project
mkdir -p "$P/manifests"
cp "$ROOT/manifests/demo.json" "$P/manifests/demo.json"
(cd "$P" && "$JARBAKE" -m manifests/demo.json dockerfile && "$JARBAKE" -m manifests/demo.json fetch -q) ||
	fail "the demo manifest does not fetch here (run make demo: it re-pins)"
bt_base_tar
NAME=akko-spark-demo
DF=dockerfiles/$NAME.Dockerfile
CTX=build/$NAME

now() { date +%s%3N; }
# median of the numbers on standard input
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

# run_builder LABEL BUILDER BARE-COMMAND...: times the three runs.
results=""
run_builder() {
	label=$1 builder=$2
	shift 2
	: >"$TMP/pipe" && : >"$TMP/cold" && : >"$TMP/bare"
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		t=$(now)
		(cd "$P" && sh "$ROOT/scripts/build-images.sh" -m manifests/demo.json \
			--builder "$builder" -t "localhost/$NAME:bench" -o "out/$NAME.tar" \
			--lint manifests) >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "$label: build-images failed"; }
		echo $(($(now) - t)) >>"$TMP/pipe"
		t=$(now)
		(cd "$P" && DOCKER_BUILD_FLAGS=--no-cache PODMAN_BUILD_FLAGS=--no-cache \
			BUILDAH_BUD_FLAGS=--no-cache sh "$ROOT/scripts/build-images.sh" \
			-m manifests/demo.json --builder "$builder" -t "localhost/$NAME:bench" \
			--only build) >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "$label: cold build failed"; }
		echo $(($(now) - t)) >>"$TMP/cold"
		t=$(now)
		(cd "$P" && "$@" -f "$DF" -t "localhost/$NAME:bare" "$CTX") >"$TMP/log" 2>&1 ||
			{ cat "$TMP/log" >&2; fail "$label: $* failed"; }
		echo $(($(now) - t)) >>"$TMP/bare"
	done
	p=$(median <"$TMP/pipe") c=$(median <"$TMP/cold") b=$(median <"$TMP/bare")
	results="$results$(printf '| %s | %s | %s | %s | %s |' "$label" "$(secs "$p")" \
		"$(secs "$c")" "$(secs "$b")" "$(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.2f", c / b }')")
"
	echo "bench: $label done" >&2
}

if bt_dockerd_start 2>/dev/null; then
	/usr/bin/docker load -i "$TMP/base.tar" >/dev/null
	mkdir -p "$TMP/cli20" && ln -sf /usr/bin/docker "$TMP/cli20/docker"
	PATH=$TMP/cli20:$PATH run_builder "docker 20.10, BuildKit" docker \
		env DOCKER_BUILDKIT=1 docker build --no-cache
	PATH=$TMP/cli20:$PATH DOCKER_BUILDKIT=0 run_builder "docker 20.10, legacy" docker \
		env DOCKER_BUILDKIT=0 docker build --no-cache
	unset DOCKER_HOST
else
	echo "bench: docker skipped (no private dockerd)" >&2
fi
bt_storage_conf overlay
if command -v podman >/dev/null 2>&1; then
	podman load -i "$TMP/base.tar" >/dev/null
	run_builder "podman $(podman --version | awk '{ print $3 }')" podman \
		podman build --isolation chroot --layers --timestamp 315532800 --no-cache
fi
buildah rmi --all --force >/dev/null 2>&1 || :
buildah pull -q "docker-archive:$TMP/base.tar" >/dev/null
run_builder "buildah $(buildah --version | awk '{ print $3 }')" buildah \
	buildah bud --isolation chroot --layers --timestamp 315532800 --no-cache

echo
echo "build-images.sh on manifests/demo.json, median of $ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| builder | whole pipeline, warm | build stage, --no-cache | bare build, --no-cache | ratio |"
echo "|---|---|---|---|---|"
printf '%s' "$results"
