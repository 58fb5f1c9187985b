#!/usr/bin/env bash
# Writes the Spark configuration of the edge node.
set -euo pipefail

SPARK_CONF_DIR=${SPARK_CONF_DIR:-/etc/spark/conf}
SPARK_CONF="${SPARK_CONF_DIR}/spark-defaults.conf"

cat <<EOF >> "$SPARK_CONF"
spark.master                     yarn
spark.eventLog.enabled           true
spark.jars.packages              org.apache.hadoop:hadoop-aws:3.3.4
EOF

cat > "${SPARK_HOME}/conf/spark-defaults.conf" <<'EOF'
spark.serializer org.apache.spark.serializer.KryoSerializer
spark.executor.extraClassPath /opt/extra/*
EOF

tee -a $SPARK_CONF <<EOF >/dev/null
spark.jars.repositories https://maven.example.org/releases
EOF

sudo tee /etc/spark/conf/spark-defaults.conf > /dev/null <<CONF
spark.jars.ivySettings /etc/spark/ivysettings.xml
CONF
