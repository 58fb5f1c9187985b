#!/usr/bin/env bash
# Options kept under names that say what they are; the launcher is in
# another file (a wrapper sources this one).
SPARK_SUBMIT_ARGS="--packages org.akko:geo-score_2.12:1.2.0 --conf spark.executor.cores=2"
export EXTRA_SPARK_OPTS="--jars /opt/akko/lib/h3.jar"
GEO_SPARK_ARGS=(--repositories https://maven.akko.internal/releases --conf spark.executor.memory=4g)

# negatives: other tools' options, the application's, a directory
NPM_ARGS="--packages ui-kit"
APP_ARGS="--jars app-own"
SPARK_CONF_DIR=/etc/spark/conf
SPARK_SUBMIT_ARGS_HELP="see --packages in the runbook"
