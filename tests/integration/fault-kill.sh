#!/bin/sh
# SIGKILL loops (issue #11): up to 200 kills of `fetch` at random moments
# of a download, then up to 200 kills of `lock --set` while it re-pins and
# rewrites the manifest, each loop bounded to about 60 seconds (it prints
# how many ran). After every kill: DIR holds only complete, right JARs (a
# killed copy is at most a hidden temporary the next run removes) and the
# manifest is byte for byte the old or the new one, never a part.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

MAX=${FAULT_KILLS:-200}
BUDGET=${FAULT_SECONDS:-60}
A=$(make_jar org.example alpha 1.0 --size 700000 --stored)
B=$(make_jar org.example beta 2.0 --size 400000 --stored)
B3=$(make_jar org.example beta 3.0 --size 300000 --stored)
start_server s
M=$TMP/m.json
OUT=$TMP/jars
manifest "$M" "http://127.0.0.1:$PORT/slow" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0

# A killed copy may leave a hidden temporary: the next run removes it
# (no_tmp after the run that completes).
check_dir() {
	only_right "$OUT" alpha-1.0.jar="$A" beta-2.0.jar="$B"
}

# kill_after MAX CMD...: runs CMD in the background and SIGKILLs it after
# a random 0 to MAX seconds (seeded by the iteration).
kill_after() {
	delay=$(awk -v s="$seed" -v m="$1" 'BEGIN { srand(s); printf "%.3f", rand() * m }')
	shift
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# --- fetch
mkdir -p "$OUT"
start=$(date +%s)
n=0
while [ "$n" -lt "$MAX" ] && [ $(($(date +%s) - start)) -lt "$BUDGET" ]; do
	n=$((n + 1))
	seed=$((n * 7919 + $$))
	kill_after 0.3 "$JARBAKE" -m "$M" fetch -q -o "$OUT" --retry-delay 50
	check_dir
	cache_clean
	# now and then start cold, and sometimes drop the cache too
	if [ $((n % 25)) -eq 0 ]; then
		rm -rf "$OUT"
		mkdir -p "$OUT"
		[ $((n % 50)) -eq 0 ] && rm -rf "$JARBAKE_CACHE"
	fi
done
fetch_kills=$n
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --retry-delay 50
dir_is "$OUT" alpha-1.0.jar beta-2.0.jar
check_dir
no_tmp "$OUT"
cache_clean
[ -z "$(ls -A "$JARBAKE_CACHE/tmp")" ] || fail "temporary files left in the cache"

# --- lock --set b=3.0: the manifest is the old or the new file
manifest "$M" "http://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0
cp "$M" "$TMP/old.json"
expect_exit 0 "$JARBAKE" -m "$M" lock --retries 0 --set b=3.0
cp "$M" "$TMP/new.json"
cmp -s "$TMP/old.json" "$TMP/new.json" && fail "lock --set changed nothing"
grep -q "$(sha256sum "$B3" | cut -d' ' -f1)" "$TMP/new.json" || fail "lock did not pin beta 3.0"
# half the runs with a warm cache (the rewrite is then most of the run)
start=$(date +%s)
n=0
old=0 new=0
while [ "$n" -lt "$MAX" ] && [ $(($(date +%s) - start)) -lt "$BUDGET" ]; do
	n=$((n + 1))
	seed=$((n * 104729 + $$))
	cp "$TMP/old.json" "$M"
	[ $((n % 2)) -eq 0 ] && rm -rf "$JARBAKE_CACHE"
	kill_after 0.6 "$JARBAKE" -m "$M" lock --retries 0 --set b=3.0
	if cmp -s "$M" "$TMP/old.json"; then
		old=$((old + 1))
	elif cmp -s "$M" "$TMP/new.json"; then
		new=$((new + 1))
	else
		diff "$TMP/old.json" "$M" >&2 || true
		fail "after a kill the manifest is neither the old nor the new file"
	fi
	left=$(ls -A "$TMP" | grep -v -E '^(cache|jars|repo|s\.(log|out|port)|old\.json|new\.json|m\.json|out|err)$' || true)
	[ -z "$left" ] || fail "files left next to the manifest: $left"
done
echo "fault-kill: fetch killed $fetch_kills times, lock killed $n times ($old left the old manifest, $new the new one), within ${BUDGET}s each"
[ "$new" -gt 0 ] || echo "fault-kill: note: no lock run finished before its kill"
echo "fault-kill: passed"
