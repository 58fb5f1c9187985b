"""Submits the reconciliation batch through Livy and waits for it."""
import os

from livy import LivyBatch
from livy.client import LivyClient

LIVY_URL = os.environ.get("LIVY_URL", "http://livy.akko.internal:8998")

batch = LivyBatch.create(
    LIVY_URL,
    file="s3://akko-jobs/reconcile.py",
    jars=["s3://akko-jobs/libs/sqlserver-jdbc.jar"],
    spark_conf={
        "spark.executor.memory": "4g",
        "spark.jars.packages": "com.microsoft.azure:spark-mssql-connector_2.12:1.2.0",
    },
    args=["--jars", "application argument"],
)
batch.wait()

with LivyClient(LIVY_URL) as client:
    session = client.create_session(kind="pyspark", spark_conf={"spark.sql.shuffle.partitions": "64"})
