"""Glue and Livy tasks of the finance pipeline."""
from datetime import datetime

from airflow import DAG
from airflow.providers.amazon.aws.operators.glue import GlueJobOperator
from airflow.providers.apache.livy.operators.livy import LivyOperator

with DAG("finance", start_date=datetime(2024, 1, 1), schedule="@hourly") as dag:
    load = GlueJobOperator(
        task_id="load",
        job_name="akko-finance-load",
        script_location="s3://akko-jobs/glue/finance.py",
        script_args={"--extra-jars": "s3://akko-jobs/libs/ojdbc11.jar", "--day": "{{ ds }}"},
        create_job_kwargs={"GlueVersion": "4.0", "DefaultArguments": {"--extra-py-files": "s3://akko-jobs/libs/fin.zip"}},
    )
    score = LivyOperator(
        task_id="score",
        file="local:/opt/app/score.py",
        jars=["local:/opt/extra/scoring-udfs.jar"],
        conf={"spark.executor.memory": "2g"},
        livy_conn_id="livy_default",
    )
    report = LivyOperator(task_id="report", file="local:/opt/app/report.py", jars=[], args=["--jars", "x"])
    load >> score >> report
