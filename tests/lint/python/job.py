#!/usr/bin/env python3
"""Nightly job.

Run it with spark-submit (never with --packages, see the manifest):

    spark-submit --packages io.delta:delta-spark_2.12:3.1.0 job.py
"""
import os
import subprocess

from pyspark import SparkConf
from pyspark.sql import SparkSession

# spark.config("spark.jars.packages", "commented out")
os.environ["PYSPARK_SUBMIT_ARGS"] = "--packages org.apache.hadoop:hadoop-aws:3.3.4 pyspark-shell"
os.environ.setdefault('PYSPARK_SUBMIT_ARGS', '--repositories https://repo.example.org/maven2 pyspark-shell')

conf = SparkConf().set("spark.jars", "/opt/extra/a.jar").setAll([
    ("spark.executor.extraClassPath", "/opt/extra/b.jar"),
    ("spark.executor.memory", "4g"),
])
spark = (
    SparkSession.builder.appName("nightly")
    .config("spark.jars.packages", "io.delta:delta-spark_2.12:3.1.0")
    .config(key="spark.jars.ivy", value="/tmp/.ivy2")
    .config("spark.driver.extraJavaOptions", "-Dx=1")
    .config("spark.jars.dir", "/opt/spark/jars")
    .config("spark.jars", "")
    .config(conf=conf)
    .getOrCreate()
)
spark.conf.set("spark.jars.excludes", "org.slf4j:slf4j-api")
spark.addArtifacts("/opt/extra/udfs.jar")
spark.addArtifact("deps.zip", archive=True)
spark.addArtifacts("helpers.py", pyfile=True)
spark.sparkContext.addJar("hdfs:///libs/extra.jar")
spark.sparkContext.addPyFile("helpers.py")

current = spark.conf.get("spark.jars", "")
if "spark.jars.packages" in spark.sparkContext.getConf().toDebugString():
    print("spark-submit --packages is not allowed")
subprocess.run(["/opt/spark/bin/spark-submit", "--master", "local[2]", "--jars", "/opt/extra/c.jar", "app.py"], check=True)
subprocess.check_call("spark-submit --driver-class-path /opt/extra/d.jar app.py", shell=True)
subprocess.run(["npm", "install", "--packages", "x"])
settings = {"spark.jars.repositories": "https://repo.example.org/maven2", "spark.app.name": "x"}
KEYS = ["spark.jars", "spark.jars.packages"]  # names only, no values
