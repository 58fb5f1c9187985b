#!/bin/sh
# Benchmark of jarbake fetch (not a test): five real JARs of 10-70 MB
# (random data, stored) served by a loopback nginx. Alternating, ROUNDS
# times each:
#   cold   jarbake fetch, empty cache and DIR
#   curl   curl --parallel of the same URLs, then sha256sum of the files
#   warm   jarbake fetch, full cache, empty DIR
#   sha    sha256sum of the five files alone
# Prints the medians and the ratios cold/(curl+sha256sum), warm/sha256sum.
#   bench/fetch.sh [ROUNDS]   (default 7; SIDECARS=1: serve .sha1 files too,
#                              as Maven Central does: a pinned fetch does
#                              not read them; also times
#                              fetch --check-sidecars, which does;
#                              BENCH_NICE=-10: see bench/priority.sh)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/priority.sh"
JARBAKE=${JARBAKE:-$ROOT/jarbake}
ROUNDS=${1:-7}
SIDECARS=${SIDECARS:-0}
[ -x "$JARBAKE" ] || { echo "bench: build ./jarbake first" >&2; exit 2; }
command -v nginx >/dev/null || { echo "bench: nginx missing" >&2; exit 2; }
NGINX=$(command -v nginx)
B=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench.XXXXXX")
chmod 755 "$B"
nginx_pid=""
cleanup() {
	[ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
	rm -rf "$B"
}
trap cleanup EXIT INT TERM

# --- five JARs, Maven layout (with SIDECARS=1, .sha1 files beside them)
mkdir -p "$B/repo" "$B/logs"
specs=""
n=0
for mb in 10 25 40 55 70; do
	n=$((n + 1))
	d=$B/repo/org/bench/jar$n/1.0
	mkdir -p "$d"
	python3 "$ROOT/tests/server/mkjar.py" "$d/jar$n-1.0.jar" org.bench \
		"jar$n" 1.0 --size $((mb * 1000 * 1000)) --stored --seed $n
	[ "$SIDECARS" = 0 ] ||
		sha1sum <"$d/jar$n-1.0.jar" | cut -c1-40 >"$d/jar$n-1.0.jar.sha1"
	specs="$specs j$n=org.bench:jar$n:1.0"
done
total=$(find "$B/repo" -name '*.jar' -exec cat {} + | wc -c)

# --- nginx in the foreground on a free loopback port
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user root;"
cat >"$B/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 2;
pid $B/nginx.pid;
error_log $B/logs/error.log;
events { worker_connections 256; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000;
	client_body_temp_path $B/logs/body;
	proxy_temp_path $B/logs/proxy;
	fastcgi_temp_path $B/logs/fastcgi;
	uwsgi_temp_path $B/logs/uwsgi;
	scgi_temp_path $B/logs/scgi;
	server {
		listen 127.0.0.1:$port;
		root $B/repo;
	}
}
EOF
"$NGINX" -p "$B" -c "$B/nginx.conf" &
nginx_pid=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/org/bench/jar1/1.0/jar1-1.0.jar"; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "bench: nginx did not start" >&2; cat "$B/logs/error.log" >&2; exit 3; }
	sleep 0.1
done

python3 "$ROOT/tests/server/mkmanifest.py" "$B/m.json" \
	--repository "http://127.0.0.1:$port" --root "$B/repo" $specs
urls=""
for n in 1 2 3 4 5; do
	urls="$urls http://127.0.0.1:$port/org/bench/jar$n/1.0/jar$n-1.0.jar"
done

now() { date +%s.%N; }
# t VAR PREP CMD...: runs PREP (untimed), then appends CMD's wall time to
# $B/VAR. PREP removes what the last round wrote: not part of the work
# timed, and unequal (jarbake's files were synced to disk and their
# blocks are freed, with discard where mounted so; curl's, never written
# back, are only dropped from memory).
t() {
	v=$1
	"$2"
	shift 2
	s=$(now)
	"$@" >"$B/last.log" 2>&1 || {
		echo "bench: '$*' failed:" >&2
		cat "$B/last.log" >&2
		exit 3
	}
	e=$(now)
	awk -v e="$e" -v s="$s" "BEGIN { print e - s }" >>"$B/t_$v"
}
# c VAR [OPTION]: a cold jarbake fetch (with OPTION), its CPU seconds (user
# + system) appended to $B/c_VAR: a figure that other work on the machine
# disturbs less than wall time
c() {
	rm -rf "$B/cache" "$B/out"
	/usr/bin/time -f "%U %S" -o "$B/cpu" "$JARBAKE" -m "$B/m.json" fetch -q \
		-o "$B/out" --cache "$B/cache" ${2:-} >/dev/null 2>&1 || exit 3
	awk '{ print $1 + $2 }' "$B/cpu" >>"$B/c_$1"
}
no_prep() { :; }
rm_both() { rm -rf "$B/cache" "$B/out"; }
rm_out() { rm -rf "$B/out"; }
rm_curl() { rm -rf "$B/curl" && mkdir -p "$B/curl"; }
cold() {
	"$JARBAKE" -m "$B/m.json" fetch -q -o "$B/out" --cache "$B/cache"
}
cold_sc() {
	"$JARBAKE" -m "$B/m.json" fetch -q -o "$B/out" --cache "$B/cache" --check-sidecars
}
warm() { cold; }
curl_sha() {
	(cd "$B/curl" && curl -sf --parallel --parallel-max 8 --remote-name-all $urls) &&
		sha256sum "$B"/curl/*.jar
}
sha() { sha256sum "$B"/curl/*.jar; }

rm_curl
curl_sha >/dev/null 2>&1 # warm up the page cache and the binaries
rm_both
cold
for r in $(seq 1 "$ROUNDS"); do
	t cold rm_both cold
	[ "$SIDECARS" = 0 ] || t coldsc rm_both cold_sc
	[ ! -x /usr/bin/time ] || c cold
	[ ! -x /usr/bin/time ] || [ "$SIDECARS" = 0 ] || c coldsc --check-sidecars
	t curl rm_curl curl_sha
	t warm rm_out warm
	t sha no_prep sha
done
median() { sort -n "$B/t_$1" | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f", m }'; }
c=$(median cold)
k=$(median curl)
w=$(median warm)
s=$(median sha)
echo "fetch bench: 5 JARs, $((total / 1000000)) MB, loopback nginx, $ROUNDS rounds, medians, $(nproc) CPUs$( [ "$SIDECARS" = 0 ] || echo ', .sha1 sidecars')"
printf '  jarbake fetch, cold          %6ss\n' "$c"
printf '  curl --parallel + sha256sum  %6ss\n' "$k"
printf '  jarbake fetch, warm          %6ss\n' "$w"
printf '  sha256sum alone              %6ss\n' "$s"
printf '  cold / (curl + sha256sum)    %6.2f  (target <= 0.50; <= 0.45 with sidecars served)\n' "$(awk -v a="$c" -v b="$k" "BEGIN { print a / b }")"
if [ -x /usr/bin/time ]; then
	printf '  jarbake fetch, cold, CPU     %6ss\n' "$(sort -n "$B/c_cold" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
	[ "$SIDECARS" = 0 ] ||
		printf '  ... --check-sidecars, CPU    %6ss\n' "$(sort -n "$B/c_coldsc" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
fi
if [ "$SIDECARS" != 0 ]; then
	cs=$(median coldsc)
	printf '  jarbake fetch --check-sidecars, cold %6ss, / (curl + sha256sum) %.2f\n' \
		"$cs" "$(awk -v a="$cs" -v b="$k" "BEGIN { print a / b }")"
fi
printf '  warm / sha256sum             %6.2f  (target <= 0.50)\n' "$(awk -v a="$w" -v b="$s" "BEGIN { print a / b }")"
echo "  $(bench_priority)"
