"""Daily Dataproc jobs for the marketing marts."""
from datetime import datetime

from airflow import DAG
from airflow.providers.google.cloud.operators.dataproc import (
    DataprocCreateBatchOperator,
    DataprocSubmitJobOperator,
)

PROJECT_ID = "akko-data"
REGION = "europe-west1"

PYSPARK_JOB = {
    "reference": {"project_id": PROJECT_ID},
    "placement": {"cluster_name": "akko-etl"},
    "pyspark_job": {
        "main_python_file_uri": "gs://akko-jobs/marts/daily.py",
        "jar_file_uris": ["gs://spark-lib/bigquery/spark-bigquery-with-dependencies_2.12-0.36.1.jar"],
        "properties": {
            "spark.executor.memory": "6g",
            "spark.jars.packages": "org.apache.spark:spark-avro_2.12:3.5.1",
        },
        "args": ["--date", "{{ ds }}"],
    },
}

BATCH = {
    "pyspark_batch": {
        "main_python_file_uri": "gs://akko-jobs/marts/weekly.py",
        "jar_file_uris": [],
    },
    "runtime_config": {"properties": {"spark.jars.excludes": "org.slf4j:slf4j-api"}},
}

with DAG("dataproc_daily", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    daily = DataprocSubmitJobOperator(task_id="daily", job=PYSPARK_JOB, region=REGION, project_id=PROJECT_ID)
    weekly = DataprocCreateBatchOperator(task_id="weekly", batch=BATCH, region=REGION, batch_id="weekly-{{ ds_nodash }}")
    daily >> weekly
