#!/usr/bin/env bash
# None of these add JARs to a Spark application at run time.
set -euo pipefail
echo "usage: spark-submit --packages G:A:V app.py"
printf '%s\n' "spark-submit --jars x.jar is forbidden here"
echo 'spark.jars.packages must stay empty' >&2
npm install --global --packages yarn
pip install --no-deps pyspark==3.5.1 delta-spark==3.1.0
wget -q -O /opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar \
  https://repo1.maven.org/maven2/org/apache/iceberg/iceberg-spark-runtime-3.5_2.12/1.5.2/iceberg-spark-runtime-3.5_2.12-1.5.2.jar
curl -fsSLo /opt/spark/jars/spark-connect_2.12-3.5.1.jar "$MIRROR/spark-connect_2.12-3.5.1.jar"
mvn -q dependency:copy -Dartifact=org.postgresql:postgresql:42.7.3 -DoutputDirectory=/opt/spark/jars
# spark-submit --jars /tmp/debug.jar app.py
grep -r "spark.jars" conf/ || true
export MY_JARS_DIR=/opt/spark/jars
