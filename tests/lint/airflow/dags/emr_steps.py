"""Runs the ingest steps on a transient EMR cluster."""
from datetime import datetime

from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrServerlessStartJobOperator

SPARK_STEPS = [
    {
        "Name": "ingest",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": [
                "spark-submit",
                "--deploy-mode",
                "cluster",
                "--packages",
                "org.apache.hudi:hudi-spark3.5-bundle_2.12:0.15.0",
                "s3://akko-jobs/ingest.py",
                "--packages",
                "this-is-an-application-argument",
            ],
        },
    }
]

with DAG("emr_steps", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    add = EmrAddStepsOperator(task_id="add_steps", job_flow_id="{{ var.value.cluster }}", steps=SPARK_STEPS)
    serverless = EmrServerlessStartJobOperator(
        task_id="serverless",
        application_id="{{ var.value.emr_app }}",
        execution_role_arn="{{ var.value.emr_role }}",
        job_driver={
            "sparkSubmit": {
                "entryPoint": "s3://akko-jobs/agg.py",
                "sparkSubmitParameters": "--conf spark.executor.cores=2 --conf spark.jars=s3://akko-jobs/libs/agg-udfs.jar",
            }
        },
    )
    add >> serverless
