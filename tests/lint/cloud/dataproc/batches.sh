#!/bin/bash
# Serverless batches: one per table, properties kept in an array.
set -e

PROPS=(
  "spark.executor.instances=4"
  "spark.jars.repositories=https://maven.example.org/releases"
  "spark.dynamicAllocation.enabled=false"
)
joined=$(IFS=,; echo "${PROPS[*]}")

for table in orders customers; do
  gcloud dataproc batches submit pyspark "gs://akko-jobs/load_${table}.py" \
    --region=europe-west1 \
    --version=2.2 \
    --properties="${joined}" \
    --deps-bucket=gs://akko-deps
done

gcloud dataproc batches submit spark --region=europe-west1 \
  --class=org.akko.Replay --jars=gs://akko-jobs/replay.jar,gs://akko-jobs/kafka-clients.jar
