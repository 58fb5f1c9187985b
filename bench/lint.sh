#!/bin/sh
# Benchmark of jarbake lint (not a test).
#   bench/lint.sh [N]    (default N=20000 files, about 285 MB)
# Generates, deterministically, a repository-like tree of N files: Spark
# configuration, Helm values and templates, Kubernetes YAML, JSON job
# definitions, notebooks with outputs, shell, Dockerfiles, Python, Scala,
# Java, Terraform, justfiles, Jinja templates, Markdown, CSV and log data;
# about 1 file in 20 adds JARs at run time in one of the forms lint reads.
# Then times, on a warm cache, best of ROUNDS (default 5) each, in one run:
#   lint   jarbake lint TREE
#   rg     rg -n --no-ignore -e WORDS TREE   (Debian's ripgrep, every core)
#   grep   grep -rnE -e WORDS TREE
# with WORDS the naive pattern '--packages|--jars|spark\.jars|
# extraClassPath|PYSPARK_SUBMIT_ARGS', and prints the times and the ratios
# lint/rg and lint/grep (target: lint <= 1.0x rg).
set -eu
N=${1:-20000}
ROUNDS=${ROUNDS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
[ -x "$JARBAKE" ] || { echo "bench: build ./jarbake first" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench: rg missing (apt-get install ripgrep)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
# BENCH_TREE=DIR: generate the tree there once and reuse it
TREE=${BENCH_TREE:-$TMP/tree}
WORDS='--packages|--jars|spark\.jars|extraClassPath|PYSPARK_SUBMIT_ARGS'

[ -d "$TREE" ] || python3 - "$TREE" "$N" <<'PY'
import base64, json, os, random, sys

root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
WORDS = ("cluster executor driver partition shuffle table schema stream "
         "window join filter select order region bucket account tenant "
         "metric report ingest export compact refresh snapshot").split()

def words(k):
    return " ".join(rnd.choice(WORDS) for _ in range(k))

def para(lines, prefix=""):
    return "".join(f"{prefix}{words(rnd.randint(6, 12))}\n" for _ in range(lines))

BAD = [
    ("conf", "spark.jars.packages io.delta:delta-spark_2.12:3.1.0\n"),
    ("yaml", "  spark.jars: local:///opt/extra/a.jar\n"),
    ("sh", "spark-submit --packages org.x:y:1 --master yarn app.py\n"),  # jarbake: allow runtime-packages -- a planted finding of the bench tree
    ("py", '    spark.conf.set("spark.jars.excludes", "x:y")\n'),
    ("tf", '    "--extra-jars" = "s3://b/x.jar"\n'),
    ("json", '"spark.jars.repositories": "https://maven.example.org/r",\n'),
]

def conf(bad):
    s = "# Spark defaults\n" + para(20, "# ")
    s += "spark.master k8s://https://kubernetes.default.svc\n"
    s += "".join(f"spark.sql.{w}.enabled true\n" for w in WORDS[:12])
    return s + ("spark.jars.packages io.delta:delta-spark_2.12:3.1.0\n" if bad else "")

def yaml(bad):
    s = "image:\n  repository: registry.example.org/spark\n  tag: \"3.5.1\"\n"
    s += "sparkConf:\n  spark.executor.instances: \"4\"\n"
    if bad:
        s += "  spark.jars: local:///opt/extra/a.jar\n"
    for i in range(rnd.randint(20, 60)):
        s += f"{WORDS[i % len(WORDS)]}{i}:\n  enabled: true\n  replicas: {i}\n"
        s += f"  labels:\n    app: {words(1)}\n    tier: {words(1)}\n"
    return s

def helm(bad):
    s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
    s += "  name: {{ include \"chart.fullname\" . }}\n  labels:\n"
    s += "    {{- include \"chart.labels\" . | nindent 4 }}\nspec:\n"
    s += "  template:\n    spec:\n      containers:\n        - name: app\n"
    s += "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"
    s += "          env:\n"
    s += "".join(f"            - name: {w.upper()}\n              value: {{{{ .Values.{w} | quote }}}}\n"
                 for w in WORDS[:10])
    if bad:
        s += "            - name: PYSPARK_SUBMIT_ARGS\n              value: \"--jars /x.jar pyspark-shell\"\n"
    return s

def jsonf(bad, big=False):
    doc = {"name": words(2), "conf": {"spark.executor.memory": "4g"},
           "rows": [{"id": i, "v": words(4), "w": rnd.random()}
                    for i in range(rnd.randint(1000, 3000) if big else rnd.randint(40, 120))]}
    if bad:
        doc["conf"]["spark.jars.repositories"] = "https://maven.example.org/r"  # jarbake: allow runtime-repositories -- a planted finding of the bench tree
    return json.dumps(doc, indent=1)

def notebook(bad):
    cells = []
    for i in range(rnd.randint(5, 10)):
        src = [f"df{i} = spark.table(\"{words(1)}\")\n", f"df{i}.groupBy(\"{words(1)}\").count().show()\n"]
        if bad and i == 1:
            src.insert(0, 'import os\nos.environ["PYSPARK_SUBMIT_ARGS"] = "--packages org.x:y:1 pyspark-shell"\n')
        png = base64.b64encode(rnd.randbytes(rnd.randint(6000, 16000))).decode()
        cells.append({"cell_type": "code", "execution_count": i, "metadata": {},
                      "outputs": [{"output_type": "display_data", "metadata": {},
                                   "data": {"image/png": png, "text/plain": ["<Figure>"]}}],
                      "source": src})
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)

def shell(bad):
    s = "#!/bin/sh\nset -eu\n" + para(30, "# ")
    s += "".join(f"echo \"{words(5)}\"\nmkdir -p \"$OUT/{w}\"\n" for w in WORDS[:20])
    s += "spark-submit --master k8s://x --deploy-mode cluster \\\n"
    s += "  --jars /opt/extra/x.jar \\\n" if bad else "  --conf spark.executor.memory=4g \\\n"
    return s + "  local:///opt/app/job.py\n"

def dockerfile(bad):
    s = "FROM apache/spark:3.5.1\nCOPY jars/ /opt/spark/jars/\n"
    s += "RUN pip install --no-cache-dir pandas==2.2.2 pyarrow==15.0.0\n" + para(10, "# ")
    return s + ('ENV PYSPARK_SUBMIT_ARGS="--packages org.x:y:1 pyspark-shell"\n' if bad else "") + "USER spark\n"

def python(bad):
    s = "from pyspark.sql import SparkSession\n\n\n"
    for i in range(rnd.randint(15, 40)):
        s += f"def {WORDS[i % len(WORDS)]}_{i}(spark, path):\n    \"\"\"{words(8)}\"\"\"\n"
        s += f"    df = spark.read.parquet(path)\n    return df.filter(\"{words(3)}\")\n\n\n"
    s += "def main():\n    spark = SparkSession.builder.getOrCreate()\n"
    return s + ('    spark.conf.set("spark.jars.excludes", "x:y")\n' if bad else "")

def jvm(bad, java=False):
    s = "package org.akko.jobs\n\nimport org.apache.spark.sql.SparkSession\n\n"
    for i in range(rnd.randint(15, 40)):
        s += f"  // {words(8)}\n  def {WORDS[i % len(WORDS)]}{i}(x: Int): Int = x * {i}\n"
    if bad:
        s += '  spark.sparkContext.addJar("/opt/x.jar")\n'
    return "object Job {\n" + s + "}\n"

def terraform(bad):
    s = "".join(f'resource "aws_s3_bucket" "{w}" {{\n  bucket = "akko-{w}"\n  tags = {{\n    team = "{words(1)}"\n  }}\n}}\n\n'
                for w in WORDS[:15])
    s += 'resource "aws_glue_job" "j" {\n  name = "j"\n  default_arguments = {\n    "--job-language" = "python"\n'
    s += '    "--extra-jars" = "s3://b/x.jar"\n' if bad else ""
    return s + "  }\n}\n"

def jinja(bad):
    s = "# {{ ansible_managed }}\n" + "".join(f"spark.{w}.x {{{{ {w}_value }}}}\n" for w in WORDS[:15])
    return s + ("spark.jars {{ extra_jars }}\n" if bad else "")

def justfile(bad):
    s = "set shell := [\"bash\", \"-c\"]\n\n" + "".join(f"{w}:\n    echo {words(4)}\n\n" for w in WORDS[:10])
    return s + ("run:\n    spark-submit --packages {{pkgs}} app.py\n" if bad else "")
  # jarbake: allow runtime-packages -- a planted finding of the bench tree
def markdown(bad):
    return "# Job\n\n" + para(80) + "\nNever pass `--packages` or `--jars`; see the manifest.\n"

def data(bad):
    return "id,name,value,ts\n" + "".join(f"{i},{words(2)},{rnd.random():.6f},2024-01-01T00:00:{i % 60:02d}\n"
                                         for i in range(rnd.randint(1000, 2000)))

def log(bad):
    return "".join(f"2024-01-01 00:00:{i % 60:02d} INFO {words(10)}\n" for i in range(rnd.randint(500, 1000)))

KINDS = [  # (weight, name pattern, generator)
    (5, "spark-defaults-{i}.conf", conf), (9, "values-{i}.yaml", yaml),
    (4, "templates/deploy-{i}.yaml", helm), (9, "job-{i}.json", jsonf),
    (3, "analysis-{i}.ipynb", notebook), (9, "submit-{i}.sh", shell),
    (3, "Dockerfile.{i}", dockerfile), (18, "job_{i}.py", python),
    (8, "Job{i}.scala", jvm), (3, "main-{i}.tf", terraform),
    (3, "spark-defaults-{i}.conf.j2", jinja), (1, "{i}.just", justfile),
    (9, "README-{i}.md", markdown), (4, "data-{i}.csv", data),
    (3, "app-{i}.log", log), (1, "big-{i}.json", lambda b: jsonf(b, True)),
]
table = [k for k in KINDS for _ in range(k[0])]
for i in range(n):
    weight, pattern, gen = table[rnd.randrange(len(table))]
    path = os.path.join(root, f"p{i // 400}", f"m{i // 40 % 10}", pattern.format(i=i))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(gen(i % 20 == 7))
PY
files=$(find "$TREE" -type f | wc -l)
bytes=$(find "$TREE" -type f -exec cat {} + | wc -c)

# best of ROUNDS runs: "wall-clock-us cpu-us" (user + system time), each
# the least seen; CPU time shows the work done when other jobs share the
# machine's cores
best() {
	b="" c=""
	for _ in $(seq "$ROUNDS"); do
		s=$(date +%s%N)
		/usr/bin/time -f '%U %S' -o "$TMP/cpu" "$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		t=$(((e - s) / 1000))
		u=$(awk '{ printf "%d", ($1 + $2) * 1e6 }' "$TMP/cpu")
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
		if [ -z "$c" ] || [ "$u" -lt "$c" ]; then c=$u; fi
	done
	echo "$b $c"
}
secs() { awk -v t="$1" -v c="$2" 'BEGIN { printf "%.3f s (cpu %.3f s)", t / 1e6, c / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# warm the page cache, and count what each finds
"$JARBAKE" lint "$TREE" >"$TMP/lint.out" 2>/dev/null || true
rg -n --no-ignore -e "$WORDS" "$TREE" >"$TMP/rg.out" || true
grep -rnE -e "$WORDS" "$TREE" >"$TMP/grep.out" || true
# shellcheck disable=SC2046
set -- $(best "$JARBAKE" lint "$TREE") $(best rg -n --no-ignore -e "$WORDS" "$TREE") \
	$(best grep -rnE -e "$WORDS" "$TREE")
echo "tree:  $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "lint:  $(secs "$1" "$2"), $(wc -l <"$TMP/lint.out") findings"
echo "rg:    $(secs "$3" "$4"), $(wc -l <"$TMP/rg.out") matching lines"
echo "grep:  $(secs "$5" "$6"), $(wc -l <"$TMP/grep.out") matching lines"
echo "ratio: lint/rg $(ratio "$1" "$3") wall, $(ratio "$2" "$4") cpu (target <= 1.0x);" \
	"lint/grep $(ratio "$1" "$5") wall, $(ratio "$2" "$6") cpu"
