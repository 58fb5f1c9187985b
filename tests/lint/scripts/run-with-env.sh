#!/bin/sh
# The launcher after VAR=value prefixes is still the command that runs.
SPARK_HOME=/opt/spark HADOOP_CONF_DIR=/etc/hadoop spark-submit --master yarn \
  --jars /opt/extra/a.jar app.py
LANG=C.UTF-8 "$SPARK_HOME/bin/pyspark" --packages org.example:x:1.0

# negatives: a quoted "NAME=value" is the command itself; echo prints
"A=b" spark-submit --jars not-run.jar
echo SPARK_HOME=/x spark-submit --jars printed.jar
