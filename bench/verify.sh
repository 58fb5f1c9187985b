#!/bin/sh
# Benchmark of `jarbake verify` on a large OCI image (not a test).
#
#   bench/verify.sh [JAR_MB [BASE_MB]]      (defaults: 200 150)
#
# Generates, once, an OCI image with a gzip layer of about JAR_MB MB of
# JARs on a base layer of 2 x BASE_MB MB of text and binaries (about
# 1.5 x BASE_MB MB gzip; tests/fixtures/mkimage.py bench); BASE_MB 0 makes
# the JAR layer the only one (one big layer: one gzip stream to inflate).
# Then times in one run, best of $RUNS (default 3):
#   gzip -dc        of the layer blobs: the zlib decompression limit
#   igzip -dc       the same with ISA-L, for reference
#   igzip -dc, largest layer   one gzip stream inflates on one core only
#   openssl sha256 of the blobs, and of the layers' tar bytes (an upper
#                   bound of the JARs' bytes): the hashes verify computes
#   tar -x + sha256sum   unpack every layer, hash every JAR
#   jarbake verify  of the OCI archive file, of the layout directory,
#                   and of the archive read from standard input (cat |)
# and prints wall times, ratios to gzip -dc and peak RSS, then verify's
# floor on this machine: the work it cannot avoid (ISA-L inflate of every
# layer, SHA-256 of the blobs and of the JARs, in CPU seconds) spread over
# every core, but never below inflating the largest layer, which one core
# must do alone; and verify's ratio to it.
# Environment: BENCH_DIR (default ${TMPDIR:-/tmp}/jarbake-bench, kept for
# the next run; remove it to regenerate), RUNS, JARBAKE, BENCH_NICE (see
# bench/priority.sh).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/priority.sh"
JARBAKE=${JARBAKE:-$ROOT/jarbake}
JAR_MB=${1:-200}
BASE_MB=${2:-150}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/jarbake-bench}/$JAR_MB-$BASE_MB
TIME=/usr/bin/time

[ -x "$JARBAKE" ] || { echo "bench: build ./jarbake first (make)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
if [ ! -f "$DIR/bench.json" ]; then
	echo "bench: generating a ${JAR_MB} MB JAR layer on a base layer in $DIR ..." >&2
	mkdir -p "$DIR"
	python3 "$ROOT/tests/fixtures/mkimage.py" bench "$DIR" "$JAR_MB" "$BASE_MB"
fi
cd "$DIR"
layers=$(tr '\n' ' ' <layers.txt)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench-x.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

# best WALL, its CPU seconds (user + system) and peak RSS over $RUNS runs
# of "sh -c CMD" (CPU: for machines shared with other work); exit status
# 0 or 1 is fine for verify (1: the bench manifest does not pin it all).
best() {
	b=""
	rss=""
	cpu=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		rm -rf "$scratch/root"
		mkdir -p "$scratch/root"
		cat bench.oci.tar >/dev/null # same page cache state for all
		set +e
		$TIME -f "%e %M %U %S" -o "$scratch/t" sh -c "$1" >/dev/null 2>"$scratch/err"
		rc=$?
		set -e
		if [ "$rc" -gt 1 ]; then
			cat "$scratch/err" >&2
			echo "bench: '$1' failed ($rc)" >&2
			exit 1
		fi
		# GNU time puts "Command exited with ..." first on failure.
		t=$(tail -n 1 "$scratch/t" | cut -d' ' -f1)
		m=$(tail -n 1 "$scratch/t" | cut -d' ' -f2)
		c=$(tail -n 1 "$scratch/t" | awk '{ print $3 + $4 }')
		if [ -z "$b" ] || awk "BEGIN { exit !($t < $b) }"; then
			b=$t
			rss=$m
			cpu=$c
		fi
		i=$((i + 1))
	done
	echo "$b $rss $cpu"
}

bytes=$(cat $layers | wc -c)
largest=$(ls -S $layers | head -n 1)
# the layers' tar bytes, once per run, for hashing them alone
i=0
for l in $layers; do
	igzip -dc "$l" >"$scratch/layer$i.tar"
	i=$((i + 1))
done
echo "image: $(wc -c <bench.oci.tar) bytes; layer blobs: $bytes bytes ($(wc -l <layers.txt) gzip layers); $(nproc) cores; best of $RUNS"
set -- \
	"gzip -dc" "gzip -dc $layers" \
	"igzip -dc" "igzip -dc $layers" \
	"igzip -dc, largest" "igzip -dc $largest" \
	"sha256 of the blobs" "openssl dgst -sha256 $layers" \
	"sha256 of tar bytes" "openssl dgst -sha256 $scratch/layer*.tar" \
	"tar -x + sha256sum" "for l in $layers; do tar -xzf \$l -C $scratch/root; done; find $scratch/root -name '*.jar' -type f -exec sha256sum {} +" \
	"verify FILE" "$JARBAKE -m bench.json verify bench.oci.tar" \
	"verify DIR" "$JARBAKE -m bench.json verify bench.oci" \
	"cat FILE | verify -" "cat bench.oci.tar | $JARBAKE -m bench.json verify -"
base=""
printf '%-22s %9s %8s %9s %12s\n' "pass" "seconds" "x gzip" "CPU s" "peak RSS"
while [ $# -gt 0 ]; do
	r=$(best "$2")
	t=$(echo "$r" | cut -d' ' -f1)
	m=$(echo "$r" | cut -d' ' -f2)
	c=$(echo "$r" | cut -d' ' -f3)
	[ -n "$base" ] || base=$t
	case $1 in
	"igzip -dc") inflate_cpu=$c ;;
	"igzip -dc, largest") serial=$t ;;
	"sha256 of the blobs") sha_blobs=$c ;;
	"sha256 of tar bytes") sha_tar=$c ;;
	"verify FILE") verify_file=$t ;;
	"cat FILE | verify -") verify_stdin=$t ;;
	esac
	printf '%-22s %9s %8s %9s %8s MiB\n' "$1" "$t" \
		"$(awk "BEGIN { printf \"%.2f\", $t / $base }")" "$c" \
		"$(awk "BEGIN { printf \"%.1f\", $m / 1024 }")"
	shift 2
done
floor=$(awk -v i="$inflate_cpu" -v b="$sha_blobs" -v s="$sha_tar" \
	-v l="$serial" -v n="$(nproc)" \
	'BEGIN { f = (i + b + s) / n; if (f < l) f = l; printf "%.2f", f }')
echo "floor: max((inflate $inflate_cpu + sha256 blobs $sha_blobs + tar bytes $sha_tar CPU s) / $(nproc) cores, largest layer $serial s) = $floor s"
echo "verify FILE / floor: $(awk -v a="$verify_file" -v f="$floor" 'BEGIN { printf "%.2f", a / f }'); stdin / floor: $(awk -v a="$verify_stdin" -v f="$floor" 'BEGIN { printf "%.2f", a / f }')"
echo "targets: verify FILE <= 0.35x gzip -dc, stdin <= 0.50x, peak RSS < 64 MiB"
echo "$(bench_priority) (other work on the machine slows the threaded passes most)"
