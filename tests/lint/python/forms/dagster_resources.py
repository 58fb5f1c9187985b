"""Dagster resources of the geo pipeline; spark_conf is nested by its dots."""
from dagster_pyspark import pyspark_resource

geo_spark = pyspark_resource.configured(
    {
        "spark_conf": {
            "spark": {
                "app": {"name": "geo"},
                "jars": {
                    "packages": "org.akko:geo-score_2.12:1.2.0",
                    "dir": "/opt/akko/lib",
                },
                "executor": {"memory": "4g", "extraClassPath": "/opt/akko/lib/*"},
            }
        }
    }
)
other = {"spark": {"jars": {"packages": ""}}}
