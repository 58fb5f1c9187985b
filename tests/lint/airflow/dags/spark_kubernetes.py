"""A SparkApplication built in the DAG for the Spark operator."""
from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

with DAG("geo_k8s", schedule="@daily", catchup=False) as dag:
    enrich = SparkKubernetesOperator(
        task_id="enrich",
        namespace="jobs",
        template_spec={
            "spec": {
                "type": "Python",
                "mainApplicationFile": "local:///opt/akko/jobs/enrich.py",
                "deps": {
                    "packages": ["org.akko:geo-score_2.12:1.2.0"],
                    "pyFiles": ["local:///opt/akko/lib/geo_tools.zip"],
                    "excludePackages": [],
                },
                "sparkConf": {"spark.executor.cores": "4"},
            }
        },
    )
    build = {"deps": {"packages": ["left-pad"]}}
