#!/bin/sh
# Shared-cluster libraries with the legacy Databricks CLI.
set -eu
CID=${CLUSTER_ID:?}
databricks libraries install --cluster-id "$CID" --maven-coordinates org.akko:geo-score_2.12:1.2.0
databricks libraries install --cluster-id "$CID" --jar=dbfs:/FileStore/akko/geo-udfs.jar
databricks libraries install --cluster-id "$CID" --pypi-package shapely
databricks libraries list --cluster-id "$CID" --jar
databricks fs cp target/geo-udfs.jar dbfs:/FileStore/akko/geo-udfs.jar
