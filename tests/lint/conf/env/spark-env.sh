# Options read when launching programs locally with ./bin/run-example or ./bin/spark-submit
SPARK_LOCAL_IP=0.0.0.0
SPARK_DIST_CLASSPATH=$(hadoop classpath)
SPARK_DAEMON_JAVA_OPTS="-Dspark.deploy.recoveryMode=ZOOKEEPER"
SPARK_SUBMIT_OPTS="$SPARK_SUBMIT_OPTS -Dspark.driver.extraClassPath=/opt/extra/*"
SPARK_CLASSPATH=/opt/extra/legacy.jar
