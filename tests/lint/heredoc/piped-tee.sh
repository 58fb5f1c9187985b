#!/bin/bash
# Bootstrap action of the geo cluster: defaults appended through sudo tee.
set -euo pipefail
CONF=/etc/spark/conf/spark-defaults.conf

printf 'spark.jars %s\n' "/opt/akko/lib/geo-udfs.jar" | sudo tee -a "$CONF" >/dev/null
echo "spark.jars.repositories https://maven.akko.internal/releases" | sudo tee -a /etc/spark/conf/spark-defaults.conf

# negatives: piped elsewhere, printed, or written to prose
echo "spark.jars.packages org.akko:none:0" | grep -q packages
printf 'spark.jars %s\n' "/opt/akko/lib/none.jar" | sudo tee -a /var/log/akko/bootstrap.md
echo "spark.driver.extraClassPath /opt/none" | cat
echo "spark.executor.memory 8g" | sudo tee -a "$CONF"
