"""spark-submit tasks on Databricks, three spellings."""
from airflow import DAG
from airflow.providers.databricks.operators.databricks import (
    DatabricksRunNowOperator,
    DatabricksSubmitRunOperator,
)

with DAG("geo_databricks", schedule=None) as dag:
    rerun = DatabricksRunNowOperator(
        task_id="rerun",
        job_id=4711,
        spark_submit_params=["--jars", "dbfs:/FileStore/akko/h3.jar", "dbfs:/jobs/enrich.py"],
    )
    submit = DatabricksSubmitRunOperator(
        task_id="submit",
        json={
            "new_cluster": {"spark_version": "14.3.x-scala2.12", "num_workers": 2},
            "spark_submit_task": {
                "parameters": ["--packages", "org.akko:geo-score_2.12:1.2.0", "dbfs:/jobs/enrich.py"]
            },
        },
    )
    jar_task = DatabricksSubmitRunOperator(
        task_id="jar_task",
        spark_jar_task={"main_class_name": "org.akko.geo.Enrich", "parameters": ["--jars", "app-own"]},
        spark_submit_task_note={"parameters": ["--jars", "not-a-task"]},
    )
