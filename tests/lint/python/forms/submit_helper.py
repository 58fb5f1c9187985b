"""Thin wrapper around spark-submit for the nightly jobs."""
import shlex
import subprocess

SPARK_SUBMIT = "/opt/spark/bin/spark-submit"


def submit(app, *app_args):
    cmd = [
        SPARK_SUBMIT,
        "--master", "yarn",
        "--conf", "spark.driver.extraClassPath=/opt/extra/*",
        "--repositories", "https://maven.example.org/releases",
        app,
        *app_args,
    ]
    return subprocess.run(cmd, check=True)


def submit_legacy(app):
    line = f"{SPARK_SUBMIT} --master yarn --jars /opt/extra/legacy.jar {shlex.quote(app)}"
    return subprocess.run(line, shell=True, check=True)
