#!/bin/sh
# DC/OS Spark: spark-submit's options travel in --submit-args.
set -eu
dcos spark run --submit-args="--driver-memory 2g --conf=spark.jars.packages=org.akko:geo-score_2.12:1.2.0 https://artifacts.akko.internal/geo/enrich.py"
dcos spark run --submit-args '--jars https://artifacts.akko.internal/geo/h3.jar --class org.akko.geo.Enrich https://artifacts.akko.internal/geo/enrich.jar'
dcos spark run --submit-args="--class org.akko.geo.Report https://artifacts.akko.internal/geo/report.jar --jars app-own"
dcos spark status --name geo-enrich
