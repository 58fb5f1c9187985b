#!/usr/bin/env bash
# Creates (or updates) the Glue job that loads the raw zone.
set -euo pipefail
ROLE=arn:aws:iam::123456789012:role/akko-glue

aws glue create-job \
  --name akko-raw-load \
  --role "$ROLE" \
  --glue-version 4.0 \
  --command Name=glueetl,ScriptLocation=s3://akko-jobs/glue/raw_load.py,PythonVersion=3 \
  --default-arguments '{"--job-language": "python", "--extra-jars": "s3://akko-jobs/libs/delta-core_2.12-2.4.0.jar", "--extra-py-files": "s3://akko-jobs/libs/helpers.zip"}'

aws glue start-job-run --job-name akko-raw-load \
  --arguments '--conf=spark.jars.packages=org.apache.spark:spark-avro_2.12:3.3.0,--enable-metrics=true'

aws glue start-job-run --job-name akko-raw-load --arguments '{"--day": "2024-05-01", "--additional-python-modules": "pyarrow==14.0.2"}'
