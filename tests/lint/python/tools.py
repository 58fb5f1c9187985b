"""Helpers that only read configuration: no finding here."""


def runtime_jars(spark):
    # returns what spark.jars holds, e.g. for diagnostics
    return spark.conf.get("spark.jars", "")


def has_packages(conf):
    return conf.contains("spark.jars.packages")


def describe():
    return '''
    spark-submit --packages x   (a docstring-like constant in a function)
    '''


MESSAGE = "set spark.jars.packages nowhere; use the manifest"
