#!/bin/sh
# Four concurrent `fetch` runs on one cache and one DIR, cold and then with
# a stale JAR in DIR, five rounds: every run exits 0, DIR ends with exactly
# the manifest's JARs, right, no temporary file is left in DIR or the cache,
# and the cache holds only entries that match their names.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 500000 --stored)
B=$(make_jar org.example beta 2.0 --size 300000 --stored)
C=$(make_jar org.example gamma 3.0 --size 200000 --stored)
start_server s
M=$TMP/m.json
OUT=$TMP/jars
manifest "$M" "http://127.0.0.1:$PORT/trickle" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0 c=org.example:gamma:3.0

for round in 1 2 3 4 5; do
	rm -rf "$OUT"
	[ "$round" -eq 3 ] && rm -rf "$JARBAKE_CACHE"
	if [ $((round % 2)) -eq 0 ]; then
		mkdir -p "$OUT"
		cp "$C" "$OUT/stale-0.1.jar"
	fi
	pids=""
	for i in 1 2 3 4; do
		timeout -k 2 120 "$JARBAKE" -m "$M" fetch -q -o "$OUT" \
			--retry-delay 50 >"$TMP/out$i" 2>"$TMP/err$i" &
		pids="$pids $!"
	done
	i=0
	for p in $pids; do
		i=$((i + 1))
		wait "$p" || { cat "$TMP/err$i" >&2; fail "round $round: run $i failed"; }
	done
	dir_is "$OUT" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
	same_file "$OUT/alpha-1.0.jar" "$A"
	same_file "$OUT/beta-2.0.jar" "$B"
	same_file "$OUT/gamma-3.0.jar" "$C"
	no_tmp "$OUT"
	cache_clean
	[ -z "$(ls -A "$JARBAKE_CACHE/tmp")" ] || fail "round $round: left in the cache: $(ls -A "$JARBAKE_CACHE/tmp")"
done
echo "fault-concurrent: passed (5 rounds of 4 runs)"
