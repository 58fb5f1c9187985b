#!/usr/bin/env bash
# Adds the ingest step to a running EMR cluster.
set -euo pipefail
CLUSTER_ID=$1

aws emr add-steps --cluster-id "$CLUSTER_ID" \
  --steps Type=Spark,Name=Ingest,ActionOnFailure=CONTINUE,Args=[--deploy-mode,cluster,--packages,org.apache.hudi:hudi-spark3.5-bundle_2.12:0.15.0,s3://akko-jobs/ingest.py,--jars,app-arg]

aws emr add-steps --cluster-id "$CLUSTER_ID" --steps \
  'Type=CUSTOM_JAR,Name=Compact,Jar=command-runner.jar,ActionOnFailure=CONTINUE,Args=[spark-submit,--master,yarn,--conf,spark.jars.excludes=org.slf4j:slf4j-api,s3://akko-jobs/compact.py]'

aws emr add-steps --cluster-id "$CLUSTER_ID" --steps file://./steps/backfill.json

# a plain script step and the S3 copy of the application are fine
aws emr add-steps --cluster-id "$CLUSTER_ID" \
  --steps Type=CUSTOM_JAR,Name=Setup,Jar=s3://eu-west-1.elasticmapreduce/libs/script-runner/script-runner.jar,Args=[s3://akko-jobs/setup.sh]
aws s3 cp target/scala-2.12/akko-assembly.jar s3://akko-jobs/akko-assembly.jar
