#!/usr/bin/env bash
# Renders per-environment values for the spark chart, then installs it.
set -euo pipefail
ENV=$1
OUT=deploy/values-${ENV}.yaml

cat > "$OUT" <<YAML
image:
  tag: "3.5.1-${ENV}"
spark:
  sparkConf:
    spark.executor.instances: "4"
    spark.jars: "local:///opt/extra/${ENV}-udfs.jar"
  deps:
    packages:
      - org.postgresql:postgresql:42.7.3
YAML
helm upgrade --install spark-jobs ./charts/spark-jobs -f "$OUT"
