#!/usr/bin/env bash
# Submits a geo template; the options are chosen before the command.
set -euo pipefail
OPT_LIBS="--jars=file:///usr/lib/spark/connector/spark-avro.jar,${STAGING}/geo-udfs.jar"
if [[ "${RUNTIME:-}" == "2.2" ]]; then
  OPT_LIBS="--jars=file:///usr/lib/spark/external/spark-avro.jar,${STAGING}/geo-udfs.jar"
fi
OPT_DEPS="--packages org.akko:geo-score_2.12:1.2.0"
export GEO_PROPERTIES="spark.executor.cores=4,spark.jars.repositories=https://maven.akko.internal/releases"

gcloud dataproc batches submit spark \
  --class=org.akko.geo.Enrich \
  --region="${REGION}" \
  ${OPT_LIBS} ${OPT_DEPS} \
  --properties="${GEO_PROPERTIES}" \
  -- --day="${DAY}"

# negatives: other tools' options, settings that add nothing
OPT_NPM="--packages ui-kit"
OPT_VERBOSE="--verbose"
OPT_EMPTY_JARS="spark.jars="
