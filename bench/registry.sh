#!/bin/sh
# Benchmark of `jarbake verify docker://` from a loopback registry (not a
# test).
#
#   bench/registry.sh [JAR_MB [BASE_MB]]      (defaults: 200 150)
#
# Generates, once, the bench image of bench/verify.sh (tests/fixtures/
# mkimage.py bench: a gzip layer of about JAR_MB MB of JARs on a base of
# 2 x BASE_MB MB), starts Debian's docker-registry on 127.0.0.1 (plain
# http, filesystem storage in a scratch directory), pushes the image with
# skopeo, then times in one run, best of $RUNS (default 3):
#   skopeo copy docker://... oci:DIR   copies the blobs and checks their
#                                      digests (what a pull costs)
#   jarbake verify docker://...        streams, digests, inflates and
#                                      reads every layer, writes nothing
# and prints wall times, the ratio verify / skopeo (target <= 0.5) and
# peak RSS (target < 64 MiB). Environment: BENCH_DIR, RUNS, JARBAKE.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
JAR_MB=${1:-200}
BASE_MB=${2:-150}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/jarbake-bench}/$JAR_MB-$BASE_MB
TIME=/usr/bin/time

[ -x "$JARBAKE" ] || { echo "bench: build ./jarbake first (make)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
for t in docker-registry skopeo python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: needs $t (scripts/deps.sh)" >&2; exit 2; }
done
if [ ! -f "$DIR/bench.json" ]; then
	echo "bench: generating a ${JAR_MB} MB JAR layer on a base layer in $DIR ..." >&2
	mkdir -p "$DIR"
	python3 "$ROOT/tests/fixtures/mkimage.py" bench "$DIR" "$JAR_MB" "$BASE_MB"
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench-reg.XXXXXX")
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$scratch"' EXIT INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$scratch/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $scratch/data
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$scratch/config.yml" >"$scratch/registry.log" 2>&1 &
pid=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -le 100 ] && kill -0 "$pid" 2>/dev/null ||
		{ cat "$scratch/registry.log" >&2; echo "bench: docker-registry did not start" >&2; exit 1; }
	sleep 0.1
done
REF=127.0.0.1:$port/bench/image:1
skopeo copy --quiet --dest-tls-verify=false "oci:$DIR/bench.oci" "docker://$REF" >/dev/null

# best WALL, peak RSS and CPU seconds over $RUNS runs of "sh -c CMD".
best() {
	b="" rss="" cpu=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		rm -rf "$scratch/oci"
		set +e
		$TIME -f "%e %M %U %S" -o "$scratch/t" sh -c "$1" >/dev/null 2>"$scratch/err"
		rc=$?
		set -e
		if [ "$rc" -gt 1 ]; then
			cat "$scratch/err" >&2
			echo "bench: '$1' failed ($rc)" >&2
			exit 1
		fi
		t=$(tail -n 1 "$scratch/t" | cut -d' ' -f1)
		m=$(tail -n 1 "$scratch/t" | cut -d' ' -f2)
		c=$(tail -n 1 "$scratch/t" | awk '{ print $3 + $4 }')
		if [ -z "$b" ] || awk "BEGIN { exit !($t < $b) }"; then
			b=$t rss=$m cpu=$c
		fi
		i=$((i + 1))
	done
	echo "$b $rss $cpu"
}

bytes=$(du -sb "$scratch/data" | cut -f1)
echo "registry: docker-registry on 127.0.0.1, $bytes bytes stored; $(nproc) cores; best of $RUNS"
set -- $(best "skopeo copy --quiet --src-tls-verify=false docker://$REF oci:$scratch/oci")
s_wall=$1 s_rss=$2 s_cpu=$3
set -- $(best "$JARBAKE -m $DIR/bench.json verify docker://$REF")
v_wall=$1 v_rss=$2 v_cpu=$3
printf '%-34s %8s s  %8s MiB  cpu %6s s\n' "skopeo copy docker:// oci:DIR" "$s_wall" "$((s_rss / 1024))" "$s_cpu"
printf '%-34s %8s s  %8s MiB  cpu %6s s\n' "jarbake verify docker://" "$v_wall" "$((v_rss / 1024))" "$v_cpu"
ratio=$(awk "BEGIN { printf \"%.2f\", $v_wall / $s_wall }")
echo "verify / skopeo copy: ${ratio}x (target <= 0.5x); verify peak RSS $((v_rss / 1024)) MiB (target < 64 MiB)"
awk "BEGIN { exit !($ratio <= 0.5 && $v_rss < 65536) }" || { echo "bench: target missed" >&2; exit 1; }
