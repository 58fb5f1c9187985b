#!/bin/sh
# Deploys the geo job chart; Spark settings passed as Helm values.
set -eu
helm upgrade --install geo ./charts/geo-job \
  --set image.tag=2.1 \
  --set 'sparkConf.spark\.jars\.packages=org.akko:geo-score_2.12:1.2.0,sparkConf.spark\.executor\.cores=4'
helm template geo ./charts/geo-job --set-string sparkConf."spark\.driver\.extraClassPath"=/opt/akko/lib/*
helm upgrade --install geo ./charts/geo-job --set sparkConf.spark\\.jars\\.packages= --set jars.enabled=false
