#!/usr/bin/env bash
# Submits the nightly aggregation to the shared Dataproc cluster.
set -euo pipefail

REGION=${REGION:-europe-west1}
CLUSTER=${CLUSTER:-akko-etl}
BUCKET=gs://akko-artifacts

gcloud dataproc jobs submit pyspark "${BUCKET}/jobs/aggregate.py" \
  --cluster="${CLUSTER}" \
  --region="${REGION}" \
  --jars="${BUCKET}/libs/spark-bigquery-with-dependencies_2.12-0.36.1.jar" \
  --properties=spark.executor.memory=6g,spark.jars.packages=org.apache.spark:spark-avro_2.12:3.5.1 \
  -- --date "$(date +%F)" --jars-from-app ignored

gcloud dataproc jobs submit spark \
  --cluster "${CLUSTER}" --region "${REGION}" \
  --class org.akko.etl.Compact \
  --jar "${BUCKET}/jobs/compact.jar" \
  --properties 'spark.sql.shuffle.partitions=400,spark.driver.extraClassPath=/usr/lib/extra/*' \
  -- --packages not-a-spark-option

gcloud dataproc jobs submit spark-sql --cluster="$CLUSTER" --region="$REGION" \
  --properties="^#^spark.jars.packages=io.delta:delta-spark_2.12:3.1.0,org.postgresql:postgresql:42.7.3#spark.executor.cores=4" \
  -e "select 1"

# not a Spark job: the flags belong to other commands
gcloud dataproc clusters create "$CLUSTER" --region "$REGION" --properties=spark:spark.executor.memory=4g
gcloud storage cp target/compact.jar "${BUCKET}/jobs/compact.jar"
gcloud dataproc jobs submit hadoop --cluster "$CLUSTER" --region "$REGION" --jar gs://akko-artifacts/wordcount.jar
