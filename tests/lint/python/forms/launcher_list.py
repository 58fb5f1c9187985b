"""Builds the spark-submit command line of the nightly geo job step by step."""
import subprocess

GEO_JARS = ["/opt/akko/lib/geo-udfs.jar", "/opt/akko/lib/h3.jar"]


def submit(day, with_delta=False):
    argv = ["/opt/spark/bin/spark-submit", "--master", "yarn"]
    argv += ["--jars", ",".join(GEO_JARS)]
    if with_delta:
        argv.extend(["--packages", "io.delta:delta-spark_2.12:3.1.0"])
    argv.extend(("--conf", "spark.executor.memory=4g"))
    argv += ["jobs/geo_nightly.py", "--day", day, "--jars", "app-option"]
    return subprocess.run(argv, check=True)


def install_ui():
    steps = ["npm", "ci"]
    steps += ["--packages", "ui-kit"]
    flags = []
    flags.extend(["--jars", "unrelated"])
    return steps, flags
