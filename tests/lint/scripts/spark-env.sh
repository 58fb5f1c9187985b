#!/usr/bin/env bash
# Sourced by Spark's launch scripts.
export SPARK_LOCAL_DIRS=/tmp/spark
export SPARK_SUBMIT_OPTS="$SPARK_SUBMIT_OPTS -Dspark.jars.packages=org.example:env:1.0"
