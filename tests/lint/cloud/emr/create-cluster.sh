#!/bin/sh
# Transient cluster: runs one step and terminates.
aws emr create-cluster \
  --name "akko-transient" \
  --release-label emr-7.1.0 \
  --applications Name=Spark \
  --instance-type m5.xlarge --instance-count 3 \
  --use-default-roles \
  --auto-terminate \
  --steps Type=Spark,Name="Spark Program",ActionOnFailure=TERMINATE_CLUSTER,Args=[--class,org.akko.Main,--repositories,https://maven.example.org/releases,s3://akko-jobs/main.jar,10]
