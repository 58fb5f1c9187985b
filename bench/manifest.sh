#!/bin/sh
# Benchmark (not a test): the largest manifest jarbake accepts, 10,000 JARs
# near the 4 MiB cap, through 'jarbake dockerfile' (parse, validate with
# positions, render) against python3's json.tool (parse and print only).
#   bench/manifest.sh [ROUNDS]   (default 5; prints the medians and the ratio)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
ROUNDS=${1:-5}
B=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench.XXXXXX")
trap 'rm -rf "$B"' EXIT INT TERM

python3 - "$B/m.json" <<'PY'
import json, sys
jars = [{"name": "j%d" % i, "maven": "org.example:a%d:1.0" % i,
         "sha256": "%064x" % i, "size": 1000 + i, "purpose": "x" * 200}
        for i in range(10000)]
doc = {"schema": 1, "image": {"name": "big", "base": "b", "spark_version": "3.5.1",
       "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark"},
       "repository": "https://repo1.maven.org/maven2", "jars": jars}
open(sys.argv[1], "w").write(json.dumps(doc, indent=2) + "\n")
PY

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
: >"$B/jb"
: >"$B/py"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	t=$(now); "$JARBAKE" -m "$B/m.json" dockerfile -o /dev/null
	awk "BEGIN { print $(now) - $t }" >>"$B/jb"
	t=$(now); python3 -m json.tool "$B/m.json" >/dev/null
	awk "BEGIN { print $(now) - $t }" >>"$B/py"
	i=$((i + 1))
done
jb=$(median <"$B/jb")
py=$(median <"$B/py")
printf 'manifest: %s bytes, 10000 JARs\n' "$(wc -c <"$B/m.json")"
printf 'jarbake dockerfile   %.3f s\n' "$jb"
printf 'python3 -m json.tool %.3f s\n' "$py"
awk "BEGIN { printf \"ratio %.2f\\n\", $jb / $py }"
