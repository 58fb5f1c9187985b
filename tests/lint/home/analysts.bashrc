# sourced from ~/.bashrc on the analysts' hosts
export SPARK_HOME=/opt/spark
spark_geo() {
    "$SPARK_HOME"/bin/pyspark --packages org.datasyslab:geotools-wrapper:1.5.1-28.2 "$@"
}
