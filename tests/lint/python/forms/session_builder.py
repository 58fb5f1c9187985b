"""Builds the Spark session of the scoring service."""
import os

from pyspark.sql import SparkSession

AVRO = "org.apache.spark:spark-avro_2.12:3.5.1"
KAFKA = "org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.1"

os.environ["PYSPARK_SUBMIT_ARGS"] = "--master local[2] \
--packages " + AVRO + " pyspark-shell"

submit_args = (
    "--master yarn "
    f"--jars {os.environ['EXTRA_JARS']} "
    f"--packages {KAFKA} "
    "pyspark-shell"
)
os.environ["PYSPARK_SUBMIT_ARGS"] = submit_args

conf = {
    "spark.sql.shuffle.partitions": "64",
    "spark.jars.repositories": "https://maven.example.org/releases",
}
builder = SparkSession.builder.appName("scoring").config(map=conf)

for pair in ["spark.executor.memory=4g", "spark.jars.excludes=org.slf4j:slf4j-api"]:
    key, value = pair.split("=", 1)
    builder = builder.config(key, value)

EXTRA = "--driver-class-path /opt/extra/driver.jar"
cmd = "spark-submit " + EXTRA + " jobs/score.py"
os.system(cmd)

spark = builder.getOrCreate()
