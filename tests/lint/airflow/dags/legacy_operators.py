"""Older operator spellings still found in long-lived DAG repositories."""
from airflow import DAG
from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator
from airflow.providers.google.cloud.operators.dataproc import DataprocSubmitPySparkJobOperator

with DAG("geo_legacy", schedule="@daily", catchup=False) as dag:
    enrich = DataprocSubmitPySparkJobOperator(
        task_id="enrich",
        main="gs://akko-jobs/geo/enrich.py",
        cluster_name="geo",
        dataproc_jars=["gs://akko-libs/geo-udfs-0.4.jar"],
    )
    tidy = DataprocSubmitPySparkJobOperator(
        task_id="tidy", main="gs://akko-jobs/geo/tidy.py", dataproc_jars=[]
    )
    score = DatabricksSubmitRunOperator(
        task_id="score",
        new_cluster={"spark_version": "14.3.x-scala2.12", "num_workers": 2},
        spark_python_task={"python_file": "dbfs:/jobs/score.py"},
        libraries=[
            {"maven": {"coordinates": "org.akko:geo-score_2.12:1.2.0"}},
            {"jar": "dbfs:/FileStore/akko/geo-udfs.jar"},
            {"pypi": {"package": "shapely==2.0.4"}},
            {"whl": "dbfs:/FileStore/akko/geo_tools-1.0-py3-none-any.whl"},
        ],
    )
    inventory = {"jar": "not-a-library.jar", "maven": "not-a-library"}
