#!/usr/bin/env bash
# Submits the nightly job. Never add --packages here: see the manifest.
set -euo pipefail

SPARK_HOME=${SPARK_HOME:-/opt/spark}
export PYSPARK_SUBMIT_ARGS='--master local[2] --jars /opt/extra/a.jar pyspark-shell'
PYSPARK_SUBMIT_ARGS="--packages io.delta:delta-spark_2.12:3.1.0 pyspark-shell" python3 job.py
SPARK_SUBMIT_OPTS="-Dspark.jars.ivy=/tmp/ivy -Dlog4j.debug=true" \
  "$SPARK_HOME"/bin/spark-submit --version

"$SPARK_HOME/bin/spark-submit" \
  --master "k8s://https://${K8S_API}:443" \
  --deploy-mode cluster \
  --name "nightly-$(date +%F)" \
  --conf spark.executor.instances=4 \
  --conf "spark.jars.packages=org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2" \
  -c spark.driver.extraJavaOptions=-Dspark.jars=ignored \
  --driver-java-options "-Dfoo=1 -Dspark.jars.repositories=https://repo.example.org/maven2" \
  --packages=org.postgresql:postgresql:42.7.3 \
  local:///opt/app/nightly.py --jars not-spark-anymore

if [ -n "${EXTRA:-}" ]; then sudo -u spark /opt/spark/bin/pyspark --driver-class-path /opt/extra/x.jar; fi
docker run --rm -e PYSPARK_SUBMIT_ARGS="--exclude-packages org.slf4j:slf4j-api pyspark-shell" akko/spark:3.5.1 \
  spark-sql --repositories https://repo.example.org/maven2 -e "select 1"
kubectl exec -it spark-0 -- /opt/spark/bin/spark-shell --jars /tmp/debug.jar

cat >>"$SPARK_HOME/conf/spark-defaults.conf" <<'CONF'
spark.sql.adaptive.enabled true
spark.jars.excludes org.slf4j:slf4j-log4j12
CONF
echo "spark.executor.extraClassPath /opt/extra/echo.jar" >> "$SPARK_HOME/conf/spark-defaults.conf"
sh -c 'spark-submit --packages org.example:nested:1.0 app.py'
# jarbake: allow runtime-jars -- the debug JAR only exists in the dev image
spark-submit --jars /opt/dev/debug.jar app.py

# negatives
pip install pyspark==3.5.1 --packages nothing
npm install --packages left-pad
mvn -Dpackages=foo -Djars=bar package
jarsigner -keystore store.jks app.jar alias
java -jar /opt/app/tool.jar --jars x
echo "spark-submit --jars x.jar"   # prose in a string
cp build/app.jar /opt/spark/jars/
spark-submit --master local app.py --packages app-arg
cat <<EOF
spark-submit --jars /tmp/heredoc-text.jar app.py
EOF
