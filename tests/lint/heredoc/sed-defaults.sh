#!/bin/sh
# Image entrypoint: edits the defaults in place before starting.
set -eu
DEFAULTS="$SPARK_HOME/conf/spark-defaults.conf"
sed -i "s|^#\?spark.jars .*|spark.jars /opt/akko/lib/h3.jar|" "$DEFAULTS"
sudo sed -i '$a spark.jars.packages org.akko:geo-score_2.12:1.2.0' /etc/spark/conf/spark-defaults.conf

# negatives: a removal, a read, prose, another file's text
sed -i '/^spark.jars.packages/d' "$DEFAULTS"
sed -n 's/^spark.jars \(.*\)/\1/p' "$DEFAULTS"
sed -i 's/spark.jars.packages x/nothing/' docs/notes.md
sed -i "s/^#spark.executor.memory.*/spark.executor.memory 4g/" "$DEFAULTS"
