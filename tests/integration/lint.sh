#!/bin/sh
# jarbake lint on the corpus in tests/lint/: the findings must be exactly
# tests/lint/expected.txt ("file:line:col rule"), no more (precision) and no
# less (recall). Then exit codes, unreadable input, and each output format.
. "$(dirname "$0")/../lib.sh"

# The corpus carries a .jarbakeignore ("*") so that linting the repository
# skips it; lint a copy without it.
cp -R "$ROOT/tests/lint" "$TMP/corpus"
rm -f "$TMP/corpus/.jarbakeignore" "$TMP/corpus/expected.txt"
cd "$TMP/corpus"

expect_exit 1 "$JARBAKE" lint
sed 's/: error: .*\[\([a-z-]*\)\]$/ \1/' "$TMP/out" >"$TMP/got.txt"
if ! diff -u "$ROOT/tests/lint/expected.txt" "$TMP/got.txt" >"$TMP/diff"; then
	cat "$TMP/diff" >&2
	fail "lint findings differ from tests/lint/expected.txt (- missed, + extra)"
fi
# Nothing is skipped silently: the one file that is not its format (JSON
# with comments) is named on stderr with the line where parsing stopped,
# and what the line-by-line reading found is reported above.
printf '%s\n' "jarbake: json/with-comments.json:1: warning: cannot parse as json (invalid token near '/'); read line by line [parse-fallback]" >"$TMP/want-err"
if ! diff -u "$TMP/want-err" "$TMP/err" >&2; then
	fail "stderr: want exactly the parse-fallback warning"
fi

# Every line is GCC style with a lowercase message saying how to fix it.
grep -v -E '^[^:]+:[0-9]+:[0-9]+: error: .+ \[[a-z-]+\]$' "$TMP/out" &&
	fail "a finding is not in PATH:LINE:COL: error: MESSAGE [RULE] form"
grep '\[runtime-' "$TMP/out" | grep -v -q 'add the JAR to the manifest' &&
	fail "a runtime-* message does not say how to fix it"

# --stats: per format, files read, fallen back, skipped and why (stderr);
# the findings on stdout are unchanged.
expect_exit 1 "$JARBAKE" lint --stats
sed 's/: error: .*\[\([a-z-]*\)\]$/ \1/' "$TMP/out" | diff -u "$ROOT/tests/lint/expected.txt" - >&2 ||
	fail "--stats changed the findings"
expect_grep "format           read  fell back  skipped  (binary, too large, unknown format)" "$TMP/err"
grep -Eq '^json +[0-9]+ +1 +0 ' "$TMP/err" || { cat "$TMP/err" >&2; fail "--stats: json fell back once"; }
grep -Eq '^other +0 +0 +[1-9][0-9]* +\(0, 0, [1-9]' "$TMP/err" || fail "--stats: unknown formats skipped"
grep -Eq '^files: [0-9]+ seen, 0 unreadable, 0 not regular files; caps reached: 0$' "$TMP/err" || fail "--stats: totals"

# The same findings through explicit paths, "./" kept as given.
expect_exit 1 "$JARBAKE" lint scripts/submit.sh conf
expect_grep "scripts/submit.sh:6:47: error:" "$TMP/out"
expect_grep "conf/spark-defaults.conf:13:1: error:" "$TMP/out"

# Nothing to report: exit 0, no output.
mkdir "$TMP/clean"
printf 'spark.master local[2]\n' >"$TMP/clean/spark-defaults.conf"
expect_exit 0 "$JARBAKE" lint "$TMP/clean"
[ -s "$TMP/out" ] && fail "output on a clean tree"

# .jarbakeignore is honoured; --no-ignore reads the ignored files.
cd "$ROOT/tests"
expect_exit 0 "$JARBAKE" lint lint
expect_exit 1 "$JARBAKE" lint --no-ignore lint/scripts
cd "$TMP/corpus"

# Never walked: .git/ (and node_modules/, build/ in the corpus), symbolic
# links to directories (no loops); a FIFO named explicitly does not hang.
mkdir -p "$TMP/repo/.git/hooks" "$TMP/repo/src"
conf='spark.jars x.jar'
printf '%s\n' "$conf" >"$TMP/repo/.git/hooks/spark-defaults.conf"
printf '%s\n' "$conf" >"$TMP/repo/src/spark-defaults.conf"
ln -s .. "$TMP/repo/src/loop"
ln -s spark-defaults.conf "$TMP/repo/src/link.conf"
mkfifo "$TMP/repo/fifo.conf"
expect_exit 2 "$JARBAKE" lint "$TMP/repo" "$TMP/repo/fifo.conf"
[ "$(wc -l <"$TMP/out")" -eq 2 ] || { cat "$TMP/out" >&2; fail "walk: want src/ and its link only"; }
expect_grep "src/link.conf:1:1" "$TMP/out"
expect_grep "fifo.conf: error: cannot open" "$TMP/err"

# Ignore files above the directory named, up to the repository's top, and
# .git/info/exclude apply as git applies them.
mkdir -p "$TMP/gi/.git/info" "$TMP/gi/deploy/k8s" "$TMP/gi/deploy/gen"
printf 'deploy/gen/\n*.generated.conf\n/deploy/k8s/skip.conf\n' >"$TMP/gi/.gitignore"
printf 'deploy/k8s/excluded.conf\n' >"$TMP/gi/.git/info/exclude"
for f in gen/a k8s/x.generated k8s/skip k8s/excluded k8s/keep; do
	printf '%s\n' "$conf" >"$TMP/gi/deploy/$f.conf"
done
for dir in "$TMP/gi" "$TMP/gi/deploy" "$TMP/gi/deploy/k8s"; do
	expect_exit 1 "$JARBAKE" lint "$dir"
	[ "$(wc -l <"$TMP/out")" -eq 1 ] || { cat "$TMP/out" >&2; fail "ignored files linted from $dir"; }
	expect_grep "keep.conf:1:1" "$TMP/out"
done
expect_exit 1 "$JARBAKE" lint --no-ignore "$TMP/gi"
[ "$(wc -l <"$TMP/out")" -eq 5 ] || fail "--no-ignore"

# Unreadable input: exit 2 with the path, after the findings of the rest.
expect_exit 2 "$JARBAKE" lint conf "$TMP/missing.conf"
expect_grep "jarbake: $TMP/missing.conf: error: cannot open" "$TMP/err"
expect_grep "conf/spark-defaults.conf:13:1" "$TMP/out"
if [ "$(id -u)" != 0 ]; then
	printf 'x\n' >"$TMP/secret.conf"
	chmod 000 "$TMP/secret.conf"
	expect_exit 2 "$JARBAKE" lint "$TMP/secret.conf"
fi

# Usage errors.
expect_exit 2 "$JARBAKE" lint --format xml
expect_grep "unknown format 'xml'" "$TMP/err"
expect_exit 0 "$JARBAKE" lint --help
expect_grep "usage: jarbake lint" "$TMP/out"

# JSON: an array of findings, the same set as the text format, then the
# warnings about what could not be read as its format.
expect_exit 1 "$JARBAKE" lint --format json
python3 - "$TMP/out" "$ROOT/tests/lint/expected.txt" <<'PY' || fail "json format"
import json, sys
items = json.load(open(sys.argv[1]))
errors = [i for i in items if i["severity"] == "error"]
got = ["%s:%d:%d %s" % (i["file"], i["line"], i["column"], i["rule"]) for i in errors]
want = open(sys.argv[2]).read().split("\n")[:-1]
assert got == want, (len(got), len(want))
for i in errors:
    assert i["message"] and i["message"] == i["message"].strip()
notes = [(i["file"], i["line"], i["severity"], i["rule"]) for i in items[len(errors):]]
assert notes == [("json/with-comments.json", 1, "warning", "parse-fallback")], notes
PY

# SARIF 2.1.0: the structure code scanning requires.
expect_exit 1 "$JARBAKE" lint --format sarif
python3 - "$TMP/out" "$ROOT/tests/lint/expected.txt" <<'PY' || fail "sarif format"
import json, sys
doc = json.load(open(sys.argv[1]))
want = open(sys.argv[2]).read().split("\n")[:-1]
assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
assert set(doc) <= {"$schema", "version", "runs"}
run, = doc["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "jarbake" and driver["version"]
ids = [r["id"] for r in driver["rules"]]
assert len(ids) == len(set(ids))
for rule in driver["rules"]:
    assert rule["shortDescription"]["text"]
    assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
got = []
for r in run["results"]:
    assert r["level"] in ("none", "note", "warning", "error")
    assert r["message"]["text"]
    assert ids[r["ruleIndex"]] == r["ruleId"]
    loc, = r["locations"]
    phys = loc["physicalLocation"]
    uri = phys["artifactLocation"]["uri"]
    assert not uri.startswith("/") and " " not in uri
    region = phys["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    got.append("%s:%d:%d %s" % (uri, region["startLine"], region["startColumn"], r["ruleId"]))
assert got == want, (len(got), len(want))
inv, = run["invocations"]
assert inv["executionSuccessful"] is True
note, = inv["toolExecutionNotifications"]
assert note["level"] == "warning" and note["descriptor"]["id"] == "parse-fallback"
assert note["message"]["text"].startswith("cannot parse as json")
phys = note["locations"][0]["physicalLocation"]
assert phys["artifactLocation"]["uri"] == "json/with-comments.json"
assert phys["region"]["startLine"] == 1
PY
expect_exit 0 "$JARBAKE" lint --format sarif "$TMP/clean"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["runs"][0]["results"] == []' "$TMP/out" ||
	fail "sarif on a clean tree"

# GitHub annotations: one ::error per finding, properties escaped.
expect_exit 1 "$JARBAKE" lint --format github
[ "$(grep -c '^::error file=' "$TMP/out")" -eq "$(wc -l <"$ROOT/tests/lint/expected.txt")" ] ||
	fail "github: not one annotation per finding"
expect_grep "::warning file=json/with-comments.json,line=1,col=1,title=parse-fallback::cannot parse as json" "$TMP/out"
expect_grep "::error file=scripts/submit.sh,line=6,col=47,title=runtime-jars::'--jars' in PYSPARK_SUBMIT_ARGS" "$TMP/out"
mkdir -p "$TMP/odd/a,b"
# jarbake: allow runtime-jars -- a fixture for the test of the github format
printf 'spark.jars /x.jar\n' >"$TMP/odd/a,b/spark-defaults.conf"
expect_exit 1 "$JARBAKE" lint --format github "$TMP/odd"
expect_grep "a%2Cb/spark-defaults.conf,line=1,col=1" "$TMP/out"
# Prose and data are counted, never read, even when they start like a script.
mkdir -p "$TMP/prose"
# jarbake: allow runtime-jars -- a fixture: Markdown that is never read
printf '#!/bin/sh\nspark-submit --jars /x.jar app.py\n' >"$TMP/prose/notes.md"
cp "$TMP/prose/notes.md" "$TMP/prose/run.log"
expect_exit 0 "$JARBAKE" lint --stats "$TMP/prose"
grep -Eq '^other +0 +0 +2 +\(0, 0, 2\)' "$TMP/err" || fail "prose not counted as unknown format"
exit 0
