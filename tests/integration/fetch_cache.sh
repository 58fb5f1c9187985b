#!/bin/sh
# The shared cache: concurrent runs on one cache, a warm run with the
# server gone (no network I/O at all), --cache and XDG defaults, a part
# held by a live run is left alone.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 700000 --stored)
B=$(make_jar org.example beta 2.0 --size 500000 --stored)
C=$(make_jar org.example gamma 3.0 --size 200000)
start_server s
M=$TMP/m.json
manifest "$M" "http://127.0.0.1:$PORT/slow" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0 c=org.example:gamma:3.0

# --- four concurrent cold runs on one cache, each into its own DIR
pids=""
for i in 1 2 3 4; do
	"$JARBAKE" -m "$M" fetch -o "$TMP/jars$i" -q --retry-delay 50 \
		>"$TMP/run$i.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || fail "a concurrent run failed: $(cat "$TMP"/run*.out)"
done
for i in 1 2 3 4; do
	dir_is "$TMP/jars$i" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
	same_file "$TMP/jars$i/alpha-1.0.jar" "$A"
	same_file "$TMP/jars$i/beta-2.0.jar" "$B"
	same_file "$TMP/jars$i/gamma-3.0.jar" "$C"
	no_tmp "$TMP/jars$i"
done
cache_clean
[ "$(find "$JARBAKE_CACHE/sha256" -type f | wc -l)" -eq 3 ] || fail "cache entries"
[ -z "$(ls "$JARBAKE_CACHE/tmp")" ] || fail "temporary files left in the cache"

# --- warm, with the server stopped: no network needed at all
kill "$s_pid"
wait "$s_pid" 2>/dev/null || true
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/warm"
dir_is "$TMP/warm" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
same_file "$TMP/warm/alpha-1.0.jar" "$A"
expect_grep "3 from the cache" "$TMP/err"

# --- concurrent warm runs, some into the same DIR (they take turns)
pids=""
for i in 1 2 3 4; do
	"$JARBAKE" -m "$M" fetch -o "$TMP/warm$((i % 2))" -q \
		>"$TMP/wrun$i.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || fail "a concurrent warm run failed: $(cat "$TMP"/wrun*.out)"
done
for d in warm0 warm1; do
	dir_is "$TMP/$d" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
	same_file "$TMP/$d/beta-2.0.jar" "$B"
done

# --- a cache entry damaged on disk is not placed (and no network: exit 3)
entry=$(find "$JARBAKE_CACHE/sha256" -name "$(sha256sum <"$C" | cut -c1-64)")
printf 'X' | dd of="$entry" bs=1 seek=10 conv=notrunc 2>/dev/null
rm -rf "$TMP/bad"
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$TMP/bad" --retries 1 --retry-delay 10
expect_grep "'c'" "$TMP/err"
[ ! -e "$TMP/bad/gamma-3.0.jar" ] || fail "a damaged entry was placed"
[ ! -e "$entry" ] || fail "the damaged entry is still there"
# ... a JAR that is right in DIR is adopted back into the cache (the
# copy in warm/ was a link to the damaged entry: put a good one there)
rm -f "$TMP/warm/gamma-3.0.jar"
cp "$C" "$TMP/warm/gamma-3.0.jar"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/warm" --offline
[ -e "$entry" ] || fail "not adopted from DIR"
cache_clean

# --- DIR on another file system than the cache: copied (and hashed), not
# linked
shm=""
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
	[ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$TMP")" ]; then
	shm=$(mktemp -d /dev/shm/jarbake-test.XXXXXX)
	at_exit "rm -rf '$shm'"
	expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$shm/jars" --offline
	dir_is "$shm/jars" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
	same_file "$shm/jars/alpha-1.0.jar" "$A"
	[ "$(stat -c %h "$shm/jars/alpha-1.0.jar")" -eq 1 ] || fail "linked across file systems?"
	no_tmp "$shm/jars"
fi

# --- --cache DIR and $XDG_CACHE_HOME
expect_exit 0 env -u JARBAKE_CACHE HOME="$TMP/home" "$JARBAKE" -m "$M" fetch \
	-o "$TMP/x1" --cache "$JARBAKE_CACHE" --offline
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$TMP/x1b" --cache "$TMP/other" --offline
expect_exit 3 env -u JARBAKE_CACHE XDG_CACHE_HOME="$TMP/xdg" \
	"$JARBAKE" -m "$M" fetch -o "$TMP/x2" --offline
expect_grep "is not in the cache" "$TMP/err"
[ -d "$TMP/xdg/jarbake/sha256" ] || fail "XDG_CACHE_HOME not used"
expect_exit 3 env -u JARBAKE_CACHE -u XDG_CACHE_HOME HOME="$TMP/home" \
	"$JARBAKE" -m "$M" fetch -o "$TMP/x3" --offline
[ -d "$TMP/home/.cache/jarbake/sha256" ] || fail "~/.cache not used"
echo "fetch_cache: passed"
