"""Local development session through findspark."""
import findspark

findspark.init("/opt/spark")
findspark.add_packages(["org.akko:geo-score_2.12:1.2.0"])
findspark.add_jars("/opt/akko/lib/h3.jar")

from pyspark.sql import SparkSession  # noqa: E402

spark = SparkSession.builder.master("local[2]").getOrCreate()
packages = spark.conf.get("spark.jars.packages", "")
