"""Job settings of the geo pipeline, read by the launcher module."""
SPARK_SUBMIT_PARAMS = (
    "--conf spark.executor.memory=4g "
    "--conf spark.jars.packages=org.akko:geo-score_2.12:1.2.0"
)
spark_args = ["--jars", "/opt/akko/lib/h3.jar", "--conf", "spark.executor.cores=2"]

# negatives
npm_args = ["--packages", "ui-kit"]
SPARK_APP_NAME = "geo --jars"
spark_conf_dir = "/etc/spark/conf"
