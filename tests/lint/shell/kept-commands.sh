#!/usr/bin/env bash
# Commands kept in a variable and run later, eval, Cloudera's spark3-submit.
set -euo pipefail

SUBMIT_LINE="spark-submit --master yarn --packages org.akko:enrich_2.12:0.3.0 jobs/enrich.py"
eval "$SUBMIT_LINE"

eval "${SPARK_HOME}"/bin/spark-submit --jars "$EXTRA_JAR" jobs/load.py
spark3-submit --deploy-mode cluster --driver-class-path /opt/cdp/ojdbc.jar jobs/sync.py
pyspark3 --repositories https://maven.akko.internal/releases

# negatives: text about a launcher, a note, an echo of the kept line
NOTE="remember: spark-submit --jars is refused by CI"
HINT="Run spark-submit with --packages only in the sandbox"
echo "$SUBMIT_LINE"
eval "echo spark-submit --jars nothing.jar"
