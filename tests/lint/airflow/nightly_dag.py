"""Airflow DAG for the nightly job."""
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG("nightly", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    etl = SparkSubmitOperator(
        task_id="etl",
        application="/opt/app/etl.py",
        conn_id="spark_k8s",
        packages="org.apache.hadoop:hadoop-aws:3.3.4",
        jars=None,
        conf={"spark.executor.memory": "4g", "spark.jars.excludes": "org.slf4j:slf4j-api"},
        repositories="",
        driver_class_path = "/opt/extra/driver.jar",
    )
    report = SparkSubmitOperator(task_id="report", application="/opt/app/report.py")
    jars = "not an operator argument"
    print(packages_for(jars=jars))
