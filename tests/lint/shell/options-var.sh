#!/bin/sh
PKGS="--packages org.apache.hadoop:hadoop-aws:3.3.4"
EXTRA_OPTS='--jars /opt/extra/a.jar,/opt/extra/b.jar'
APP_OPTS="--packages report-only"
spark-submit $PKGS $EXTRA_OPTS jobs/export.py $APP_OPTS

OUT=$(spark-submit --repositories https://maven.example.org/releases jobs/count.py 2>&1)
VERSION=`spark-submit --conf spark.jars.ivy=/tmp/ivy --version 2>&1 | head -1`
echo "$OUT $VERSION"
