#!/bin/sh
# bench/lint.sh [N]: generates a tree of N (default 20000) mixed files
# (spark-defaults.conf, YAML, JSON, notebooks, shell, Dockerfiles, Python,
# Scala, Markdown, text; about 1 in 20 with a run-time JAR setting), then
# times, on a warm cache, "jarbake lint" against "grep -rnE" for the same
# words. Prints both times and the ratio (target: lint <= 2x grep).
set -eu
N=${1:-20000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
TREE=$TMP/tree
WORDS='--jars|--packages|--repositories|--exclude-packages|--driver-class-path|spark\.jars|extraClassPath|addJar|addArtifact'

mkdir -p "$TREE"
awk -v n="$N" -v dir="$TREE" '
function filler(f, k,   i) {
	for (i = 0; i < k; i++)
		print "# line " i " of the usual configuration and comments here" > f
}
BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		d = dir "/p" int(i / 200) "/m" int(i / 20) % 10
		if (i % 20 == 0)
			system("mkdir -p " d)
		kind = i % 10
		bad = (int(i / 10) % 20 == 3)
		if (kind == 0) {
			f = d "/spark-defaults-" i ".conf"
			filler(f, 20)
			print "spark.master k8s://https://kubernetes.default.svc" > f
			print "spark.executor.memory 4g" > f
			if (bad) print "spark.jars.packages io.delta:delta-spark_2.12:3.1.0" > f
		} else if (kind == 1) {
			f = d "/values-" i ".yaml"
			print "image:\n  repository: registry.example.org/spark\n  tag: \"3.5.1\"" > f
			print "sparkConf:\n  spark.executor.instances: \"4\"\n  spark.sql.shuffle.partitions: \"200\"" > f
			if (bad) print "  spark.jars: /opt/extra/a.jar" > f
			print "resources:\n  limits:\n    cpu: \"2\"\n    memory: 4Gi" > f
		} else if (kind == 2) {
			f = d "/job-" i ".json"
			print "{\"name\": \"job" i "\", \"conf\": {\"spark.executor.memory\": \"4g\"" \
				(bad ? ", \"spark.jars.repositories\": \"https://r\"" : "") \
				"}, \"tags\": [\"a\", \"b\", \"c\"]}" > f
		} else if (kind == 3) {
			f = d "/submit-" i ".sh"
			print "#!/bin/sh\nset -eu\n# submit the job" > f
			filler(f, 10)
			print "spark-submit --master k8s://x --deploy-mode cluster \\" > f
			print (bad ? "  --jars /opt/extra/x.jar \\" : "  --conf spark.executor.memory=4g \\") > f
			print "  local:///opt/app/job" i ".py" > f
		} else if (kind == 4) {
			f = d "/Dockerfile." i
			print "FROM apache/spark:3.5.1\nCOPY jars/ /opt/spark/jars/\nUSER spark" > f
			print "RUN pip install --no-cache-dir pandas==2.2.2 pyarrow==15.0.0" > f
			if (bad) print "ENV PYSPARK_SUBMIT_ARGS=\"--packages org.x:y:1 pyspark-shell\"" > f
		} else if (kind == 5) {
			f = d "/job_" i ".py"
			print "from pyspark.sql import SparkSession\n\n\ndef main():" > f
			print "    spark = SparkSession.builder.appName(\"job" i "\").getOrCreate()" > f
			if (bad) print "    spark.conf.set(\"spark.jars.excludes\", \"x:y\")" > f
			print "    df = spark.read.parquet(\"s3://bucket/in\")\n    df.write.parquet(\"s3://bucket/out\")" > f
			filler(f, 15)
		} else if (kind == 6) {
			f = d "/Job" i ".scala"
			print "object Job" i " {\n  def main(args: Array[String]): Unit = {" > f
			print "    val spark = SparkSession.builder().getOrCreate()" > f
			if (bad) print "    spark.sparkContext.addJar(\"/opt/x.jar\")" > f
			print "  }\n}" > f
		} else if (kind == 7) {
			f = d "/README-" i ".md"
			print "# Job " i "\n\nNever pass --packages or --jars; see the manifest." > f
			filler(f, 30)
		} else if (kind == 8) {
			f = d "/notes-" i ".txt"
			filler(f, 40)
		} else {
			f = d "/app-" i ".properties"
			print "app.name=job" i "\napp.retries=3\nspark.jars.dir=/opt/spark/jars" > f
		}
		close(f)
	}
}'
files=$(find "$TREE" -type f | wc -l)
bytes=$(find "$TREE" -type f -exec cat {} + | wc -c)

# best of 5 wall-clock runs, in seconds
best() {
	b=""
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		t=$(((e - s) / 1000))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}

"$JARBAKE" lint "$TREE" >"$TMP/lint.out" || true
grep -rnE -e "$WORDS" "$TREE" >"$TMP/grep.out" || true
lint_us=$(best "$JARBAKE" lint "$TREE")
grep_us=$(best grep -rnE -e "$WORDS" "$TREE")
echo "tree:  $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
echo "lint:  $(awk -v t="$lint_us" 'BEGIN { printf "%.3f s", t / 1e6 }'), $(wc -l <"$TMP/lint.out") findings"
echo "grep:  $(awk -v t="$grep_us" 'BEGIN { printf "%.3f s", t / 1e6 }'), $(wc -l <"$TMP/grep.out") matching lines"
echo "ratio: $(awk -v a="$lint_us" -v b="$grep_us" 'BEGIN { printf "%.2fx", a / b }') (target <= 2x grep)"
