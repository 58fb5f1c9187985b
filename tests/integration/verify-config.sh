#!/bin/sh
# verify's class-not-found and bytecode-too-new checks on images made by
# tests/fixtures/mkimage.py from real JARs compiled with javac --release 8
# and --release 17 (a multi-release JAR among them): classes named by the
# image's spark-defaults.conf, Env and --conf files, right, misspelt and
# in a JAR that is absent; the JDK's release file and JAVA_VERSION; the
# docker-archive, docker 25, OCI archive and OCI directory layouts.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# shellcheck source=tests/integration/verify-javac.sh.in
. "$ROOT/tests/integration/verify-javac.sh.in"
J=$TMP/jars
mkdir -p "$J"

# The base image's JARs: spark-core (Kryo), scala-library.
mkjar "$J/spark-core_2.12-3.5.1.jar" 8 org.apache.spark.serializer.KryoSerializer \
	org.apache.spark.SparkContext org.apache.spark.sql.SparkSessionExtensions
mkjar "$J/scala-library-2.12.18.jar" 8 scala.Option
# The added JARs: OpenLineage (Java 8), Iceberg runtime (Java 8) and AWS
# bundle, an Iceberg runtime built for Java 17.
mkjar "$J/openlineage-spark_2.12-1.28.0.jar" 8 io.openlineage.spark.agent.OpenLineageSparkListener \
	io.openlineage.client.OpenLineage
mkjar "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" 8 org.apache.iceberg.spark.SparkCatalog \
	org.apache.iceberg.spark.SparkSessionCatalog \
	org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
mkjar "$J/iceberg-aws-bundle-1.5.2.jar" 8 org.apache.iceberg.aws.s3.S3FileIO
mkjar "$J/java17.jar" 17 org.apache.iceberg.spark.SparkCatalog \
	org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
# A multi-release JAR: Java 8 classes, a Java 17 one under META-INF/versions/17.
mkdir -p "$TMP/mr17"
mkjar "$TMP/mr17/x.jar" 17 org.example.mr.Fast
(cd "$TMP/mr17" && mkdir x && cd x && jar xf ../x.jar) || fail "jar x failed"
mkjar "$J/multi-release-1.0.jar" 8 org.example.mr.Fast org.example.mr.Util
jar --update --file "$J/multi-release-1.0.jar" --release 17 -C "$TMP/mr17/x" org ||
	fail "jar --release 17 failed"
unzip -l "$J/multi-release-1.0.jar" | grep -q 'META-INF/versions/17/org/example/mr/Fast.class' ||
	fail "no versioned entry in the multi-release JAR"

M=$TMP/manifest.json
# manifest ICEBERG_FILE: the four added JARs, Iceberg's from ICEBERG_FILE.
manifest() {
	cat >"$M" <<JSON
{
  "schema": 1,
  "image": { "name": "t", "base": "scratch", "spark_version": "3.5.1",
    "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark" },
  "repository": "https://repo.invalid/maven2",
  "jars": [
    { "name": "ol", "version": "1.28.0", "url": "https://x.invalid/ol.jar",
      "file": "openlineage-spark_2.12-1.28.0.jar", "sha256": "$(sha "$J/openlineage-spark_2.12-1.28.0.jar")" },
    { "name": "iceberg", "version": "1.5.2", "url": "https://x.invalid/ice.jar",
      "file": "iceberg-spark-runtime-3.5_2.12-1.5.2.jar", "sha256": "$(sha "$1")" },
    { "name": "aws", "version": "1.5.2", "url": "https://x.invalid/aws.jar",
      "file": "iceberg-aws-bundle-1.5.2.jar", "sha256": "$(sha "$J/iceberg-aws-bundle-1.5.2.jar")" },
    { "name": "mr", "version": "1.0", "url": "https://x.invalid/mr.jar",
      "file": "multi-release-1.0.jar", "sha256": "$(sha "$J/multi-release-1.0.jar")" }
  ]
}
JSON
}
manifest "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"

printf 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="11.0.22"\nJAVA_VERSION_DATE="2024-01-16"\n' >"$TMP/release"
# conf FILE LISTENER: a spark-defaults.conf in the AKKO shape.
conf() {
	cat >"$1" <<CONF
# AKKO platform
spark.serializer                 org.apache.spark.serializer.KryoSerializer
spark.extraListeners             $2
spark.sql.extensions             org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
spark.sql.catalog.iceberg        org.apache.iceberg.spark.SparkCatalog
spark.sql.catalog.iceberg.type   rest
spark.sql.catalog.iceberg.uri    http://rest:8181
spark.sql.catalog.iceberg.io-impl org.apache.iceberg.aws.s3.S3FileIO
spark.sql.catalog.spark_catalog  org.apache.iceberg.spark.SparkSessionCatalog
spark.sql.catalog.spark_catalog.type hive
spark.sql.catalogImplementation  hive
spark.shuffle.manager            sort
spark.kryo.registrator           javax.management.ObjectName
spark.app.name                   not.a.Class
CONF
}
conf "$TMP/good.conf" "io.openlineage.spark.agent.OpenLineageSparkListener, scala.Option"
conf "$TMP/typo.conf" "io.openlineage.spark.agent.OpenLineageSparkListenr"

# image OUT FORMAT ICEBERG_JAR CONF [mkimage options]: base layer (release
# file, base JARs), then the added JARs and spark-defaults.conf.
image() {
	out=$1 fmt=$2 ice=$3 cf=$4
	shift 4
	$MKIMAGE image "$out" "$fmt" --gzip --env JAVA_HOME=/opt/java/openjdk "$@" \
		/opt/java/openjdk/release="$TMP/release" \
		/opt/spark/jars/spark-core_2.12-3.5.1.jar="$J/spark-core_2.12-3.5.1.jar" \
		/opt/spark/jars/scala-library-2.12.18.jar="$J/scala-library-2.12.18.jar" \
		--layer \
		/opt/spark/jars/openlineage-spark_2.12-1.28.0.jar="$J/openlineage-spark_2.12-1.28.0.jar" \
		/opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar="$ice" \
		/opt/spark/jars/iceberg-aws-bundle-1.5.2.jar="$J/iceberg-aws-bundle-1.5.2.jar" \
		/opt/spark/jars/multi-release-1.0.jar="$J/multi-release-1.0.jar" \
		/opt/spark/conf/spark-defaults.conf="$cf" || fail "mkimage failed"
}

# 1. Everything named right, in every layout: verified. The base's
# KryoSerializer, the JDK's javax class, a two-item list, short names
# (rest, hive, sort) and keys outside the table pass; the multi-release
# JAR's Java 17 entries do not count.
for fmt in oci-archive oci-dir docker-archive docker25; do
	image "$TMP/good.$fmt" $fmt "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/good.conf"
	expect_exit 0 "$JARBAKE" -m "$M" verify "$TMP/good.$fmt"
	expect_grep "verified: 4 ok, 2 base" "$TMP/out"
done
expect_exit 0 "$JARBAKE" -m "$M" verify --format json "$TMP/good.oci-archive"
python3 - "$TMP/out" <<'PY' || fail "bad java fields in JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["java_version"] == 11, d["java_version"]
assert d["java_source"] == "/opt/java/openjdk/release", d["java_source"]
jars = {j["file"]: j for j in d["jars"]}
assert jars["multi-release-1.0.jar"]["bytecode_java"] == 8, jars["multi-release-1.0.jar"]
assert jars["openlineage-spark_2.12-1.28.0.jar"]["bytecode_java"] == 8
PY

# 2. A misspelt listener: class-not-found at its line, with the nearest class.
for fmt in oci-archive docker-archive; do
	image "$TMP/typo.$fmt" $fmt "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/typo.conf"
	expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/typo.$fmt"
	expect_grep "/opt/spark/conf/spark-defaults.conf:3:1: error: 'spark.extraListeners' names class 'io.openlineage.spark.agent.OpenLineageSparkListenr', which no JAR of the class path provides; nearest: 'io.openlineage.spark.agent.OpenLineageSparkListener' in 'openlineage-spark_2.12-1.28.0.jar' [class-not-found]" "$TMP/out"
	[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 1 ] || fail "expected exactly one class-not-found"
done

# 3. The Iceberg runtime built for Java 17 in a Java 11 image.
image "$TMP/j17.oci" oci-archive "$J/java17.jar" "$TMP/good.conf"
manifest "$J/java17.jar"
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/j17.oci"
expect_grep "/opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar: error: classes for Java 17 (class-file version 61, e.g. 'org/apache/iceberg/spark/" "$TMP/out"
expect_grep "cannot load on the image's Java 11 (/opt/java/openjdk/release) [bytecode-too-new]" "$TMP/out"
[ "$(grep -c 'bytecode-too-new' "$TMP/out")" -eq 1 ] || fail "only the Java 17 JAR is too new"
# No release file: JAVA_VERSION from Env, and it says so.
$MKIMAGE image "$TMP/envjava.tar" docker-archive --env JAVA_VERSION=jdk-11.0.22+7 \
	/opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar="$J/java17.jar" || fail mkimage
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/envjava.tar"
expect_grep "cannot load on the image's Java 11 (JAVA_VERSION=jdk-11.0.22+7 in config.Env) [bytecode-too-new]" "$TMP/out"
# Java 17 image: fine.
$MKIMAGE image "$TMP/java17img.tar" docker-archive --env JAVA_VERSION=17.0.9 \
	/opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar="$J/java17.jar" || fail mkimage
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/java17img.tar"
grep -q 'bytecode-too-new' "$TMP/out" && fail "Java 17 classes reported on Java 17"
manifest "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"

# 4. --conf: configuration outside the image, checked against its JARs.
cat >"$TMP/outside.conf" <<'CONF'
spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog
spark.sql.catalog.lake.io-impl = org.apache.iceberg.aws.s3.S3FileIo
spark.plugins  org.apache.spark.SparkContext,com.example.AbsentPlugin
spark.sql.catalog.lake.type=rest
CONF
expect_exit 1 "$JARBAKE" -m "$M" verify --conf "$TMP/outside.conf" "$TMP/good.oci-archive"
expect_grep "$TMP/outside.conf:2:1: error: 'spark.sql.catalog.lake.io-impl' names class 'org.apache.iceberg.aws.s3.S3FileIo', which no JAR of the class path provides; nearest: 'org.apache.iceberg.aws.s3.S3FileIO' in 'iceberg-aws-bundle-1.5.2.jar' [class-not-found]" "$TMP/out"
# A class in a JAR that is not in the image: no nearest one.
expect_grep "$TMP/outside.conf:3:1: error: 'spark.plugins' names class 'com.example.AbsentPlugin', which no JAR of the class path provides [class-not-found]" "$TMP/out"
[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 2 ] || fail "expected two class-not-found"
# Other formats, read through lint's scanners: a SparkApplication's
# sparkConf, Helm values with nested keys, a notebook's builder calls.
cat >"$TMP/app.yaml" <<'YAML'
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: etl
spec:
  sparkConf:
    spark.sql.catalog.iceberg: org.apache.iceberg.spark.SparkCatalog
    spark.sql.catalog.iceberg.io-impl: "org.apache.iceberg.aws.s3.S3FileIO"
    spark.extraListeners: io.openlineage.spark.agent.OpenLineageSparkListner
    spark.sql.catalog.iceberg.type: rest
YAML
cat >"$TMP/values.yaml" <<'YAML'
spark:
  sql:
    extensions: org.apache.iceberg.spark.extensions.IcebergSparkSessionExtension
YAML
cat >"$TMP/job.ipynb" <<'NB'
{"cells": [{"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
  "source": ["spark = SparkSession.builder \\\n",
             "    .config(\"spark.serializer\", \"org.apache.spark.serializer.KryoSerialize\") \\\n",
             "    .getOrCreate()\n"]}],
 "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
 "nbformat": 4, "nbformat_minor": 5}
NB
expect_exit 1 "$JARBAKE" -m "$M" verify --conf "$TMP/app.yaml" --conf "$TMP/values.yaml" \
	--conf "$TMP/job.ipynb" "$TMP/good.oci-archive"
expect_grep "$TMP/app.yaml:9:5: error: 'spark.extraListeners' names class 'io.openlineage.spark.agent.OpenLineageSparkListner', which no JAR of the class path provides; nearest: 'io.openlineage.spark.agent.OpenLineageSparkListener'" "$TMP/out"
expect_grep "$TMP/values.yaml:3:5: error: 'spark.sql.extensions' names class 'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtension', which no JAR of the class path provides; nearest: 'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions'" "$TMP/out"
expect_grep "$TMP/job.ipynb:" "$TMP/out"
expect_grep "'spark.serializer' names class 'org.apache.spark.serializer.KryoSerialize', which no JAR of the class path provides; nearest: 'org.apache.spark.serializer.KryoSerializer' in 'spark-core_2.12-3.5.1.jar' [class-not-found]" "$TMP/out"
[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 3 ] || fail "expected three class-not-found from YAML, Helm values and a notebook"
expect_exit 2 "$JARBAKE" -m "$M" verify --conf "$TMP/nonexistent.conf" "$TMP/good.oci-archive"
expect_grep "nonexistent.conf" "$TMP/err"

# 5. Env: -D options in SPARK_SUBMIT_OPTS, --conf in PYSPARK_SUBMIT_ARGS.
image "$TMP/env.tar" docker-archive "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/good.conf" \
	--env "SPARK_SUBMIT_OPTS=-Xmx1g -Dspark.serializer=org.apache.spark.serializer.KryoSerialiser" \
	--env "PYSPARK_SUBMIT_ARGS=--conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions pyspark-shell"
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/env.tar"
expect_grep "config.Env: error: 'spark.serializer' names class 'org.apache.spark.serializer.KryoSerialiser', which no JAR of the class path provides; nearest: 'org.apache.spark.serializer.KryoSerializer' in 'spark-core_2.12-3.5.1.jar' [class-not-found]" "$TMP/out"
[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 1 ] || fail "expected one class-not-found from Env"
echo "verify-config: verify: ok"

# 6. fetch and lock against image.java_version, before any image exists.
# jmanifest JAVA SHA256_MEMBER: one url JAR (file://), the Java 17 build.
jmanifest() {
	cat >"$TMP/java.json" <<JSON
{
  "schema": 1,
  "image": { "name": "t", "base": "scratch", "spark_version": "3.5.1",
    "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark",
    "java_version": $1 },
  "jars": [
    { "name": "iceberg", "version": "1.5.2", "url": "file://$J/java17.jar",
      "file": "iceberg-spark-runtime-3.5_2.12-1.5.2.jar"$2 }
  ]
}
JSON
}
jmanifest 11 ", \"sha256\": \"$(sha "$J/java17.jar")\""
expect_exit 1 "$JARBAKE" -m "$TMP/java.json" fetch -q -o "$TMP/fetched" --cache "$TMP/cache"
expect_grep "$TMP/fetched/iceberg-spark-runtime-3.5_2.12-1.5.2.jar: error: classes for Java 17 (class-file version 61, e.g. 'org/apache/iceberg/spark/" "$TMP/err"
expect_grep "cannot load on the image's Java 11 (image.java_version in '$TMP/java.json') [bytecode-too-new]" "$TMP/err"
jmanifest 17 ", \"sha256\": \"$(sha "$J/java17.jar")\""
expect_exit 0 "$JARBAKE" -m "$TMP/java.json" fetch -q -o "$TMP/fetched" --cache "$TMP/cache"
# lock: the Java 17 JAR is refused and the manifest is not written.
jmanifest 11 ""
cp "$TMP/java.json" "$TMP/java.before"
expect_exit 1 "$JARBAKE" -m "$TMP/java.json" lock -q --cache "$TMP/cache"
expect_grep "iceberg-spark-runtime-3.5_2.12-1.5.2.jar: error: classes for Java 17" "$TMP/err"
expect_grep "1 JAR needs a newer Java than image.java_version 11; '$TMP/java.json' not updated" "$TMP/err"
cmp -s "$TMP/java.json" "$TMP/java.before" || fail "lock wrote the manifest"
jmanifest 17 ""
expect_exit 0 "$JARBAKE" -m "$TMP/java.json" lock -q --cache "$TMP/cache"
grep -q '"sha256"' "$TMP/java.json" || fail "lock did not pin"
# an invalid java_version: exit 2 at its line and column
jmanifest '"11"' ""
expect_exit 2 "$JARBAKE" -m "$TMP/java.json" fetch -q -o "$TMP/fetched" --cache "$TMP/cache"
expect_grep "$TMP/java.json:5:21: error: invalid java_version" "$TMP/err"
echo "verify-config: fetch and lock: ok"
