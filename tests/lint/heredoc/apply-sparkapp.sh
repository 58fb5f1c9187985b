#!/bin/sh
# Deploys the streaming job without a chart.
NS=${NS:-streaming}
cat <<EOF | kubectl apply -n "$NS" -f -
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: clickstream
spec:
  type: Python
  mode: cluster
  image: registry.akko.internal/akko-spark:3.5.1
  mainApplicationFile: local:///opt/app/clickstream.py
  sparkVersion: "3.5.1"
  sparkConf:
    spark.jars.packages: org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.1
    spark.sql.streaming.checkpointLocation: s3a://akko-checkpoints/clickstream
  driver:
    cores: 1
EOF
kubectl -n "$NS" get sparkapplication clickstream
