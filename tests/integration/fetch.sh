#!/bin/sh
# jarbake fetch against a loopback server with injected faults: each case
# checks the exit code, the message and that no partial or wrong file is
# left in DIR or the cache.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 300000)
B=$(make_jar org.example.sub beta 2.0 --size 60000)
mkdir -p "$TMP/files"
U=$TMP/files/agent.jar
python3 "$SERVER_DIR/mkjar.py" "$U" com.agent agent 3.1 --size 20000
cp "$U" "$REPO/agent.jar"
start_server s
BASE=http://127.0.0.1:$PORT
FAST="--retries 3 --retry-delay 50 --timeout 2"
M=$TMP/m.json
OUT=$TMP/jars

# mode_manifest MODE [extra spec...]: $M with the repository under /MODE.
mode_manifest() {
	mode=$1
	shift
	manifest "$M" "$BASE/$mode" a=org.example:alpha:1.0 "$@"
}
requests() { grep -c "$1" "$TMP/s.log" || true; }
fresh() { rm -rf "$OUT" "$JARBAKE_CACHE"; }

# --- everything right: Maven and URL JARs, lines output
manifest "$M" "$BASE/ok" a=org.example:alpha:1.0 b=org.example.sub:beta:2.0 \
	"agent=url:$BASE/ok/agent.jar:3.1:$U"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
dir_is "$OUT" alpha-1.0.jar beta-2.0.jar agent.jar
same_file "$OUT/alpha-1.0.jar" "$A"
same_file "$OUT/beta-2.0.jar" "$B"
same_file "$OUT/agent.jar" "$U"
expect_grep "alpha-1.0.jar" "$TMP/err"
expect_grep "network" "$TMP/err"
[ "$(find "$JARBAKE_CACHE/sha256" -type f | wc -l)" -eq 3 ] || fail "cache"
cache_clean
# pinned: the pin proves the bytes, no checksum file is asked for ...
grep -q '\.jar\.sha' "$TMP/s.log" && fail "checksum files fetched for pinned JARs"
# ... unless --check-sidecars
fresh
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --check-sidecars
dir_is "$OUT" alpha-1.0.jar beta-2.0.jar agent.jar
expect_grep "/ok/org/example/alpha/1.0/alpha-1.0.jar.sha1 range=- status=200" "$TMP/s.log"

# --- warm: no request at all, sources say cache; stale JARs go, others stay
n=$(wc -l <"$TMP/s.log")
cp "$A" "$OUT/alpha-0.9.jar"
echo keep >"$OUT/notes.txt"
# what a JVM's 'DIR/*' also loads: hidden names, '.JAR', a bare '.jar'
for j in .hidden.jar OLD.JAR .jar; do cp "$A" "$OUT/$j"; done
mkdir "$OUT/dir.jar"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
[ "$(wc -l <"$TMP/s.log")" -eq "$n" ] || fail "warm run made requests"
expect_grep "cache" "$TMP/err"
dir_is "$OUT" alpha-1.0.jar beta-2.0.jar agent.jar notes.txt dir.jar
rm -r "$OUT/notes.txt" "$OUT/dir.jar"

# --- a JAR damaged in DIR is replaced; a damaged cache entry re-downloaded
echo junk >>"$OUT/alpha-1.0.jar"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"
entry=$(find "$JARBAKE_CACHE/sha256" -name "$(sha256sum <"$B" | cut -c1-64)")
chmod u+w "$entry"
printf 'X' | dd of="$entry" bs=1 seek=100 conv=notrunc 2>/dev/null
rm -rf "$OUT"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/beta-2.0.jar" "$B"
cache_clean

# --- -q prints nothing; --json is one document
rm -rf "$OUT"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" -q
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] || fail "-q printed something"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and len(d["jars"]) == 3 and d["jars"][0]["source"] == "cache", d' "$TMP/out" ||
	fail "--json: $(cat "$TMP/out")"

# --- 500 twice, then success
fresh
mode_manifest e500x2
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"
[ "$(requests "/e500x2/org/example/alpha/1.0/alpha-1.0.jar range=- status=500")" -eq 2 ] || fail "500s"

# --- connection reset mid-body: resumed with a Range request
fresh
mode_manifest reset
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"
grep -q "/reset/org/example/alpha/1.0/alpha-1.0.jar range=bytes=[1-9][0-9]*- status=206" "$TMP/s.log" ||
	fail "no Range resume after a reset"
cache_clean

# --- no Range support: the retry starts over cleanly
fresh
mode_manifest norange
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"
grep -q "/norange/.*alpha-1.0.jar range=bytes=.* status=200" "$TMP/s.log" ||
	fail "norange not exercised"
cache_clean

# --- truncated once (wrong Content-Length): resumed
fresh
mode_manifest truncate1
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"

# --- always truncated: gives up with exit 3, nothing placed or cached
fresh
mode_manifest truncate
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "gave up after" "$TMP/err"
expect_grep "alpha-1.0.jar" "$TMP/err"
dir_is "$OUT"
[ -z "$(find "$JARBAKE_CACHE/sha256" -type f)" ] || fail "cached a part"

# --- the next run resumes the part the failed run kept
mode_manifest truncate1.again
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"
grep -q "/truncate1.again/.*alpha-1.0.jar range=bytes=[1-9]" "$TMP/s.log" ||
	fail "the kept part was not resumed"

# --- one try only: the kept part holds every byte received, though fetch
# writes a buffer at a time (half of the 300 kB, less than one buffer)
fresh
mode_manifest truncate.once
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --retries 0 --timeout 2
dir_is "$OUT"
part=$(find "$JARBAKE_CACHE/tmp" -name '*.part')
[ -n "$part" ] && [ "$(wc -c <"$part")" -eq $(($(wc -c <"$A") / 2)) ] ||
	fail "the kept part does not hold the half received: $(ls -l "$JARBAKE_CACHE/tmp")"
mode_manifest ok.once
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"
grep -q "/ok.once/.*alpha-1.0.jar range=bytes=$(($(wc -c <"$A") / 2))-" "$TMP/s.log" ||
	fail "the kept part was not resumed where it ended"

# --- a slow trickle still completes
fresh
mode_manifest trickle b=org.example.sub:beta:2.0
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/beta-2.0.jar" "$B"

# --- a stalled server: the low-speed timeout, retries, exit 3
fresh
mode_manifest stall
start=$(date +%s)
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --retries 1 --retry-delay 50 --timeout 1
[ $(($(date +%s) - start)) -lt 20 ] || fail "stall took too long"
expect_grep "alpha-1.0.jar" "$TMP/err"
dir_is "$OUT"

# --- an HTML page instead of the JAR: mismatch, exit 1, names both hashes
fresh
mode_manifest html
expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "sha256 mismatch" "$TMP/err"
expect_grep "expected $(sha256sum <"$A" | cut -c1-64)" "$TMP/err"
expect_grep "'a'" "$TMP/err"
expect_grep "$M:" "$TMP/err"
dir_is "$OUT"
[ -z "$(find "$JARBAKE_CACHE" -type f)" ] || fail "kept a wrong file"

# --- a wrong pin: exit 1; a wrong size: exit 1
fresh
manifest "$M" "$BASE/ok" "a=org.example:alpha:1.0+sha=$(printf '%064d' 0)"
expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "sha256 mismatch" "$TMP/err"
expect_grep "got $(sha256sum <"$A" | cut -c1-64)" "$TMP/err"
dir_is "$OUT"
fresh
manifest "$M" "$BASE/ok" "a=org.example:alpha:1.0+size=12345"
expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "size mismatch" "$TMP/err"
dir_is "$OUT"

# --- a redirect loop: exit 3
fresh
mode_manifest loop
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "too many redirects" "$TMP/err"
dir_is "$OUT"

# --- one redirect is followed
fresh
mode_manifest redirect
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
same_file "$OUT/alpha-1.0.jar" "$A"

# --- 429 with Retry-After: waits, then succeeds
fresh
mode_manifest r429
start=$(date +%s)
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --retries 2 --retry-delay 10
[ "$(requests "/r429/org/example/alpha/1.0/alpha-1.0.jar range=- status=429")" -eq 1 ] || fail "no 429"
grep -q "/r429/org/example/alpha/1.0/alpha-1.0.jar range=- status=200" "$TMP/s.log" || fail "429: no retry"

# --- persistent 503: exit 3 after the retries
fresh
mode_manifest e503
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "HTTP 503" "$TMP/err"
expect_grep "gave up after 4 tries" "$TMP/err"

# --- 404: exit 3, no retries
fresh
mode_manifest notfound
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "HTTP 404" "$TMP/err"
[ "$(requests "/notfound/org/example/alpha/1.0/alpha-1.0.jar range")" -eq 1 ] || fail "retried a 404"

# --- sidecars (--check-sidecars; lock checks them always): a wrong .sha1
# or .sha256 refuses the JAR; none is fine; a .sha512 is checked too
for mode in badsha1 badsha256; do
	fresh
	mode_manifest $mode
	expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
	fresh
	expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST --check-sidecars
	expect_grep "checksum" "$TMP/err"
	expect_grep ".jar.${mode#bad}" "$TMP/err"
	dir_is "$OUT"
	[ -z "$(find "$JARBAKE_CACHE/sha256" -type f)" ] || fail "$mode: cached"
done
for mode in nosidecar sha512; do
	fresh
	mode_manifest $mode
	expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST --check-sidecars
	same_file "$OUT/alpha-1.0.jar" "$A"
done
# a failing sidecar counts as missing after one try: the JAR does not wait
# through the retries and backoff (default retries, 5 s base delay)
fresh
mode_manifest sc503
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --retry-delay 5000 --check-sidecars
same_file "$OUT/alpha-1.0.jar" "$A"
[ "$(requests "/sc503/org/example/alpha/1.0/alpha-1.0.jar.sha1 range")" -eq 1 ] ||
	fail "retried a failing sidecar"

# --- JAR sanity: pom.properties says another version
P=$(make_jar org.example gamma 1.0 --pom-version 9.9)
fresh
manifest "$M" "$BASE/ok" g=org.example:gamma:1.0
expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT" $FAST
expect_grep "gamma" "$TMP/err"
dir_is "$OUT"

# --- unpinned: exit 2 before any request, says to run lock
fresh
n=$(wc -l <"$TMP/s.log")
mode_manifest ok "b=org.example.sub:beta:2.0+nopin"
expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$OUT"
expect_grep "jarbake lock" "$TMP/err"
expect_grep "'b'" "$TMP/err"
[ "$(wc -l <"$TMP/s.log")" -eq "$n" ] || fail "unpinned: requests made"

# --- offline: lists what is missing (exit 3), works from a warm cache
fresh
mode_manifest ok b=org.example.sub:beta:2.0
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --offline
expect_grep "'a'" "$TMP/err"
expect_grep "'b'" "$TMP/err"
expect_grep "offline" "$TMP/err"
dir_is "$OUT"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" -q
rm -rf "$OUT"
n=$(wc -l <"$TMP/s.log")
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --offline
[ "$(wc -l <"$TMP/s.log")" -eq "$n" ] || fail "offline made requests"
dir_is "$OUT" alpha-1.0.jar beta-2.0.jar

# --- --mirror and JARBAKE_MIRROR replace a dead repository
fresh
manifest "$M" "http://127.0.0.1:9/maven2" a=org.example:alpha:1.0
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --mirror "$BASE/ok/"
same_file "$OUT/alpha-1.0.jar" "$A"
fresh
JARBAKE_MIRROR=$BASE/ok expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"
fresh
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --retries 1 --retry-delay 10
expect_grep "127.0.0.1:9" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$OUT" --mirror http://example.org/m2
expect_grep "allow-http" "$TMP/err"

# --- file:// URLs
fresh
manifest "$M" "$BASE/ok" "agent=url:file://$U:3.1:$U"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/agent.jar" "$U"

# --- bytes that match their pin but are no JAR (checked on the thread that
# syncs and places): exit 1, neither placed nor cached, while the good JAR
# of the same run is placed
fresh
head -c 400000 /dev/urandom >"$REPO/bogus.jar"
manifest "$M" "$BASE/ok" a=org.example:alpha:1.0 \
	"bogus=url:$BASE/ok/bogus.jar:1.0:$REPO/bogus.jar"
expect_exit 1 "$JARBAKE" -m "$M" fetch -o "$OUT"
expect_grep "is not a sane JAR" "$TMP/err"
dir_is "$OUT" alpha-1.0.jar
same_file "$OUT/alpha-1.0.jar" "$A"
[ "$(find "$JARBAKE_CACHE/sha256" -type f | wc -l)" -eq 1 ] || fail "cached the bogus JAR"
[ -z "$(ls "$JARBAKE_CACHE/tmp")" ] || fail "a part of the bogus JAR kept"
cache_clean

# --- default DIR is build/<image.name>/jars, relative to the current dir
fresh
mode_manifest ok
(cd "$TMP" && expect_exit 0 "$JARBAKE" -m "$M" fetch -q)
same_file "$TMP/build/test-image/jars/alpha-1.0.jar" "$A"

# --- bad options
expect_exit 2 "$JARBAKE" -m "$M" fetch -j 0
expect_exit 2 "$JARBAKE" -m "$M" fetch --bogus
expect_exit 0 "$JARBAKE" fetch --help
expect_grep "--offline" "$TMP/out"
echo "fetch: all cases passed"
