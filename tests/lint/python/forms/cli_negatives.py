"""Command line of the export tool; its flags are its own, not Spark's."""
import argparse
import subprocess


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Exports tables. Spark options such as --packages are rejected.")
    p.add_argument("--packages", nargs="*", default=[], help="Python packages to vendor")
    p.add_argument("--jars", help="where to write the report JARs")
    return p.parse_args(argv)


def vendor(packages):
    subprocess.run(["pip", "install", "--target", "vendor", *packages], check=True)
    subprocess.run(["npm", "install", "--prefix", "ui", "--packages", "none"], check=False)


HELP = """
Do not run spark-submit --packages x:y:1 in production; the JARs are baked in.
"""

# spark = SparkSession.builder.config("spark.jars.packages", "x:y:1").getOrCreate()
print("spark.jars.packages is managed by the platform")
