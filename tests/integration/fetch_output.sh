#!/bin/sh
# What fetch prints: live progress on a terminal (a pty from script(1)),
# one line per JAR otherwise, one JSON document with --json, nothing with -q.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

command -v script >/dev/null 2>&1 || fail "script(1) (util-linux) is missing"
A=$(make_jar org.example alpha 1.0 --size 600000 --stored)
B=$(make_jar org.example beta 2.0 --size 300000)
start_server s
M=$TMP/m.json
# /slow trickles the bodies, so a terminal sees the display redrawn.
manifest "$M" "http://127.0.0.1:$PORT/slow" a=org.example:alpha:1.0 b=org.example:beta:2.0

# --- a terminal: per JAR and total, with rate and ETA, redrawn in place
JARBAKE_CACHE=$TMP/c1 script -qec "\"$JARBAKE\" -m \"$M\" fetch -o \"$TMP/t\"" \
	"$TMP/typescript" >/dev/null 2>&1 || { cat "$TMP/typescript" >&2; fail "fetch on a terminal failed"; }
expect_grep "ETA" "$TMP/typescript"
expect_grep "[2/2 JARs]" "$TMP/typescript"
expect_grep "$(printf '\033[K')" "$TMP/typescript"
dir_is "$TMP/t" alpha-1.0.jar beta-2.0.jar

# --- not a terminal (CI): one line per JAR when done, then a summary
JARBAKE_CACHE=$TMP/c2 expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/n"
[ ! -s "$TMP/out" ] || fail "fetch wrote to stdout without --json"
grep -q "$(printf '\033')" "$TMP/err" && fail "escape sequences without a terminal"
grep -Eq '^alpha-1\.0\.jar +[0-9.]+ [KM]iB +[0-9.]+s +network$' "$TMP/err" ||
	{ cat "$TMP/err" >&2; fail "no done line for alpha"; }
expect_grep "2 JARs" "$TMP/err"
# the same, warm: the source says cache; a stale JAR's removal is said
mkdir -p "$TMP/n2"
cp "$A" "$TMP/n2/alpha-0.9.jar"
JARBAKE_CACHE=$TMP/c2 expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/n2"
grep -Eq '^beta-2\.0\.jar .* cache$' "$TMP/err" || { cat "$TMP/err" >&2; fail "no cache line"; }
expect_grep "removed stale $TMP/n2/alpha-0.9.jar" "$TMP/err"
dir_is "$TMP/n2" alpha-1.0.jar beta-2.0.jar

# --- --json: one document on stdout, nothing else there
JARBAKE_CACHE=$TMP/c3 expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/j" --json
python3 - "$TMP/out" "$(sha256sum "$A" | cut -c1-64)" <<'PY' || fail "--json document"
import json, sys
doc = json.load(open(sys.argv[1]))
jars = {j["name"]: j for j in doc["jars"]}
assert doc["ok"] is True and doc["exit_code"] == 0, doc
assert jars["a"]["sha256"] == sys.argv[2] and jars["a"]["source"] == "network", jars
assert jars["b"]["ok"] and jars["b"]["size"] > 0, jars
PY

# --- -q: nothing at all on success
JARBAKE_CACHE=$TMP/c4 expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/q" -q
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] || fail "-q printed something"
echo "fetch_output: ok"
