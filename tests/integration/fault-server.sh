#!/bin/sh
# A hostile server (tests/server/jarserver.py): one byte a second, a body
# that never ends, Retry-After: 120 forever. Each fetch must end in bounded
# time (the stall timeout, the size pin, the --deadline) and memory, with a
# clear error naming the URL and exit 3 (or 1 for an oversized body), and
# leave no partial JAR in DIR.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 200000 --stored)
start_server s
OUT=$TMP/jars

# bounded LIMIT CODE MODE [manifest flags] -- [fetch options]: fetch the JAR
# from MODE; must exit CODE within LIMIT seconds, with under 512 MiB of RSS.
bounded() {
	limit=$1 want=$2 mode=$3
	shift 3
	flags=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags="$flags$1"; shift; done
	[ $# -gt 0 ] && shift
	manifest "$TMP/m.json" "http://127.0.0.1:$PORT/$mode" "a=org.example:alpha:1.0$flags"
	rm -rf "$OUT" "$JARBAKE_CACHE"
	start=$(date +%s)
	set +e
	/usr/bin/time -f %M -o "$TMP/rss" timeout -k 2 $((limit + 30)) \
		"$JARBAKE" -m "$TMP/m.json" fetch -q -o "$OUT" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	took=$(($(date +%s) - start))
	rss=$(tail -1 "$TMP/rss")
	echo "fault-server: $mode$flags $*: exit $rc after ${took}s, ${rss} KiB RSS"
	[ "$rc" -eq "$want" ] || { cat "$TMP/err" >&2; fail "$mode: exit $rc, expected $want"; }
	[ "$took" -le "$limit" ] || fail "$mode: took ${took}s, more than ${limit}s"
	[ "$rss" -lt 524288 ] || fail "$mode: ${rss} KiB of memory"
	if [ -d "$OUT" ]; then
		[ -z "$(ls -A "$OUT")" ] || fail "$mode: '$OUT' holds $(ls -A "$OUT")"
	fi
	expect_grep "127.0.0.1:$PORT/$mode/" "$TMP/err"
	sed "s/^/  /" "$TMP/err"
}

# One byte a second: below 1 KiB/s for --timeout 2 seconds, 2 tries.
bounded 20 3 drip -- --timeout 2 --retries 1 --retry-delay 100
expect_grep "(gave up after 2 tries)" "$TMP/err"
# A body that never ends, size pinned: stops at the pinned size + 1.
bounded 20 1 endless -- --retries 0
expect_grep "bytes allowed" "$TMP/err"
# ... not pinned (only the sha256): 256 KiB/s passes the stall check; the
# deadline ends it.
bounded 20 3 endless +nosize -- --deadline 4 --retries 3
expect_grep "Operation timed out" "$TMP/err"
expect_grep "the 4 s deadline would pass" "$TMP/err"
# Retry-After: 120 on every answer: the wait would pass the deadline, so it
# ends at once instead of waiting 4 x 120 s.
bounded 10 3 retryafter -- --deadline 60
expect_grep "HTTP 503 (gave up after 1 try: the 60 s deadline would pass" "$TMP/err"
# --deadline is checked like the other numbers.
expect_exit 2 "$JARBAKE" -m "$TMP/m.json" fetch --deadline 0
expect_grep "--deadline wants 1 to 604800 seconds" "$TMP/err"
echo "fault-server: passed"
