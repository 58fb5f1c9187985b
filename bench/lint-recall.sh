#!/bin/sh
# Recall and precision of jarbake lint and of the naive grep on the lint
# corpus (tests/lint/), against tests/lint/expected.txt (not a test).
#   bench/lint-recall.sh [CORPUS_DIR [EXPECTED]]
# A line that adds JARs at run time is "file:line"; each tool's lines are
# compared with the expected ones:
#   lint   jarbake lint (runtime-* rules), also scored exactly on
#          "file:line:col rule"
#   grep   grep -rnE -- '--packages|--jars|spark\.jars|extraClassPath|
#          PYSPARK_SUBMIT_ARGS' (node_modules/, build/ and .git/ excluded,
#          as lint skips them)
# recall = found and expected / expected, precision = found and expected /
# found.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
SRC=${1:-$ROOT/tests/lint}
EXPECTED=${2:-$SRC/expected.txt}
[ -x "$JARBAKE" ] || { echo "bench: build ./jarbake first" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-recall.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

cp -R "$SRC" "$TMP/corpus"
rm -f "$TMP/corpus/.jarbakeignore" "$TMP/corpus/expected.txt"
cd "$TMP/corpus"
"$JARBAKE" lint >"$TMP/lint.out" 2>"$TMP/lint.err" || true
grep -rnE --exclude-dir=node_modules --exclude-dir=build --exclude-dir=.git \
	-e '--packages|--jars|spark\.jars|extraClassPath|PYSPARK_SUBMIT_ARGS' . 2>/dev/null |
	sed 's|^\./||' >"$TMP/grep.out" 2>/dev/null || true

python3 - "$EXPECTED" "$TMP/lint.out" "$TMP/grep.out" "$(find . -type f | wc -l)" <<'PY'
import re, sys

expected_path, lint_path, grep_path, nfiles = sys.argv[1:]
want_exact = set()
for row in open(expected_path).read().splitlines():
    m = re.match(r"(.+):(\d+):(\d+) (runtime-[a-z-]+)$", row)
    if m:
        want_exact.add((m[1], int(m[2]), int(m[3]), m[4]))
want = {(f, l) for f, l, _, _ in want_exact}

got_exact = set()
for row in open(lint_path, errors="replace").read().splitlines():
    m = re.match(r"(.+):(\d+):(\d+): error: .*\[(runtime-[a-z-]+)\]$", row)
    if m:
        got_exact.add((m[1], int(m[2]), int(m[3]), m[4]))
lint = {(f, l) for f, l, _, _ in got_exact}

grep = set()
for row in open(grep_path, errors="replace").read().splitlines():
    m = re.match(r"(.+?):(\d+):", row)
    if m:
        grep.add((m[1], int(m[2])))

def score(name, got, want):
    tp = len(got & want)
    recall = tp / len(want) if want else 1.0
    precision = tp / len(got) if got else 1.0
    print(f"{name:<12} recall {recall:.3f}  precision {precision:.3f}"
          f"  ({tp} found, {len(got) - tp} false, {len(want) - tp} missed)")
    return recall, precision

print(f"corpus: {nfiles} files, {len(want)} lines that add JARs at run time")
score("lint", lint, want)
score("lint exact", got_exact, want_exact)
score("grep", grep, want)
PY
