# Livy server environment
export SPARK_HOME=/opt/spark
export HADOOP_CONF_DIR=/etc/hadoop/conf
export LIVY_LOG_DIR=/var/log/livy
export SPARK_CONF_DIR=/etc/spark/conf
export LIVY_SERVER_JAVA_OPTS="-Xmx2g"
