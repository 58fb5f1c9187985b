#!/bin/sh
# POSTs a batch to Livy's REST API.
curl -sS -X POST -H 'Content-Type: application/json' "${LIVY_URL}/batches" -d '{
  "file": "local:/opt/app/score.py",
  "jars": ["local:/opt/extra/model-udfs.jar"],
  "conf": {"spark.jars.repositories": "https://maven.example.org/releases"}
}'
curl -sS "${LIVY_URL}/batches/$1/log?size=100"
