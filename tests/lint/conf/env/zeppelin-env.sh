#!/bin/bash
# Zeppelin's environment (conf/zeppelin-env.sh)
export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
export SPARK_HOME=/opt/spark
export SPARK_SUBMIT_OPTIONS="--packages org.postgresql:postgresql:42.7.3 --driver-memory 2g"
export ZEPPELIN_MEM="-Xms1024m -Xmx2048m"
