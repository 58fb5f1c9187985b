#!/usr/bin/env bash
set -euo pipefail
APP_ID=$(aws emr-serverless list-applications --query 'applications[0].id' --output text)

aws emr-serverless start-job-run \
  --application-id "$APP_ID" \
  --execution-role-arn "$JOB_ROLE_ARN" \
  --job-driver '{
    "sparkSubmit": {
      "entryPoint": "s3://akko-jobs/daily.py",
      "entryPointArguments": ["--jars", "not-spark"],
      "sparkSubmitParameters": "--conf spark.executor.cores=4 --jars s3://akko-jobs/libs/mysql-connector-j-8.4.0.jar --conf spark.jars.packages=org.apache.spark:spark-avro_2.12:3.5.1"
    }
  }'

# EMR on EKS: the same shape under another name
aws emr-containers start-job-run \
  --virtual-cluster-id "$VC_ID" \
  --name hourly \
  --execution-role-arn "$JOB_ROLE_ARN" \
  --release-label emr-7.1.0-latest \
  --job-driver '{"sparkSubmitJobDriver": {"entryPoint": "s3://akko-jobs/hourly.py", "sparkSubmitParameters": "--conf spark.executor.instances=2 --packages io.delta:delta-spark_2.12:3.1.0"}}' \
  --configuration-overrides '{"applicationConfiguration": [{"classification": "spark-defaults", "properties": {"spark.executor.memory": "2G", "spark.driver.extraClassPath": "/usr/lib/extra/*"}}]}'
