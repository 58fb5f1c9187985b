#!/usr/bin/env bash
set -euo pipefail
SPARK_HOME=${SPARK_HOME:-/opt/spark}

CMD=("$SPARK_HOME/bin/spark-submit"
  --master "yarn"
  --conf spark.driver.extraClassPath=/opt/extra/driver.jar
  --conf spark.executor.memory=4g)
CMD+=(--packages "org.apache.spark:spark-avro_2.12:3.5.1")
CMD+=(jobs/daily.py --jars app-arg)
"${CMD[@]}"

ARGS=(--class org.akko.Main --master local)
java -cp app.jar org.akko.Main "${ARGS[@]}"
