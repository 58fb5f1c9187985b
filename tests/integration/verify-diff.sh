#!/bin/sh
# jarbake diff OLD NEW on real JARs (javac --release 8 and 11): two JAR
# directories, then the same JARs in images made by mkimage.py (OCI
# archive against docker-archive): added, removed, version changed with
# the classes gained and lost and the bytecode level, bytes changed at the
# same version (a red flag: exit 1), class conflicts introduced and
# resolved; text and JSON.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/verify-javac.sh.in
. "$ROOT/tests/integration/verify-javac.sh.in"

O=$TMP/old N=$TMP/new
mkdir -p "$O" "$N"
# base: the same in both
mkjar "$O/spark-core_2.12-3.5.1.jar" 8 --pom org.apache.spark:spark-core_2.12:3.5.1 \
	org.apache.spark.SparkContext
cp "$O/spark-core_2.12-3.5.1.jar" "$N/"
# Iceberg bumped 1.5.2 -> 1.6.0, built for Java 11: gains View, loses Legacy
mkjar "$O/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" 8 \
	--pom org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2 \
	org.apache.iceberg.spark.SparkCatalog org.apache.iceberg.spark.Legacy
mkjar "$N/iceberg-spark-runtime-3.5_2.12-1.6.0.jar" 11 \
	--pom org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.0 \
	org.apache.iceberg.spark.SparkCatalog org.apache.iceberg.spark.View
# OpenLineage: same bytes; in OLD an agent shades one of its classes
mkjar "$O/openlineage-spark_2.12-1.28.0.jar" 8 --pom io.openlineage:openlineage-spark_2.12:1.28.0 \
	io.openlineage.client.OpenLineage
cp "$O/openlineage-spark_2.12-1.28.0.jar" "$N/"
mkjar "$O/agent-1.0.jar" 8 --pom org.openmetadata:agent:1.0 --salt a \
	org.openmetadata.Agent io.openlineage.client.OpenLineage
# NEW: the agent at the same version with other bytes (no shaded class:
# the conflict of the one class with other bytes is resolved; the nested
# class is byte-identical, so no conflict) - the red flag
mkjar "$N/agent-1.0.jar" 8 --pom org.openmetadata:agent:1.0 org.openmetadata.Agent
# removed in NEW; added in NEW (sharing a class with spark-core)
mkjar "$O/old-tool-1.0.jar" 8 --pom org.example:old-tool:1.0 org.example.Old
mkjar "$N/new-tool-2.0.jar" 8 --pom org.example:new-tool:2.0 --salt n org.example.New \
	org.apache.spark.SparkContext

check_text() {
	expect_grep "version       iceberg-spark-runtime-3.5_2.12-1.5.2.jar (1.5.2) -> iceberg-spark-runtime-3.5_2.12-1.6.0.jar (1.6.0)" "$TMP/out"
	expect_grep "              +2 classes: org.apache.iceberg.spark.View\$Inner, org.apache.iceberg.spark.View" "$TMP/out"
	expect_grep "              -2 classes: org.apache.iceberg.spark.Legacy\$Inner, org.apache.iceberg.spark.Legacy" "$TMP/out"
	expect_grep "              bytecode: Java 8 -> Java 11" "$TMP/out"
	expect_grep "bytes         agent-1.0.jar (1.0) -> agent-1.0.jar (1.0): other bytes at the same version (sha256 " "$TMP/out"
	expect_grep "[red flag]" "$TMP/out"
	expect_grep "              -2 classes: io.openlineage.client.OpenLineage\$Inner, io.openlineage.client.OpenLineage" "$TMP/out"
	expect_grep "added         new-tool-2.0.jar (2.0)" "$TMP/out"
	expect_grep "removed       old-tool-1.0.jar (1.0)" "$TMP/out"
	expect_grep "conflict      new-tool-2.0.jar and spark-core_2.12-3.5.1.jar now share 1 class" "$TMP/out"
	expect_grep "resolved      agent-1.0.jar and openlineage-spark_2.12-1.28.0.jar no longer share 1 class" "$TMP/out"
	expect_grep ": 1 added, 1 removed, 1 version changed, 1 bytes changed, 2 unchanged; 1 conflict introduced, 1 resolved; RED FLAG" "$TMP/out"
	grep -q "openlineage-spark" "$TMP/out" | grep -v resolved && fail "an unchanged JAR listed" || :
}

# Two directories of fetched JARs (no manifest needed).
expect_exit 1 "$JARBAKE" -m /nonexistent.json diff "$O" "$N"
check_text
expect_exit 0 "$JARBAKE" -m /nonexistent.json diff "$O" "$O"
expect_grep ": 0 added, 0 removed, 0 version changed, 0 bytes changed, 5 unchanged; 0 conflicts introduced, 0 resolved" "$TMP/out"
expect_exit 0 "$JARBAKE" diff --all "$O" "$O"
[ "$(grep -c '^unchanged' "$TMP/out")" -eq 5 ] || fail "--all lists every JAR"
# without the red flag: exit 0
rm "$N/agent-1.0.jar"
cp "$O/agent-1.0.jar" "$N/"
expect_exit 0 "$JARBAKE" diff "$O" "$N"
mkjar "$N/agent-1.0.jar" 8 --pom org.openmetadata:agent:1.0 org.openmetadata.Agent

# JSON
expect_exit 1 "$JARBAKE" diff --format json "$O" "$N"
python3 - "$TMP/out" <<'PY' || fail "bad diff JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["red_flag"] is True
assert d["summary"] == {"unchanged": 2, "added": 1, "removed": 1, "version": 1, "bytes": 1}, d["summary"]
j = {(x["old"] or x["new"])["file"]: x for x in d["jars"]}
ice = j["iceberg-spark-runtime-3.5_2.12-1.5.2.jar"]
assert ice["change"] == "version" and ice["new"]["version"] == "1.6.0", ice
assert ice["old"]["bytecode_java"] == 8 and ice["new"]["bytecode_java"] == 11, ice
assert ice["classes_gained"]["count"] == 2 and ice["classes_lost"]["examples"][1] == "org.apache.iceberg.spark.Legacy", ice
ag = j["agent-1.0.jar"]
assert ag["change"] == "bytes" and ag["red_flag"] is True, ag
assert ag["old"]["sha256"] != ag["new"]["sha256"]
c = {x["change"]: x for x in d["conflicts"]}
assert c["introduced"]["first"] == "new-tool-2.0.jar" and c["introduced"]["count"] == 1, c
assert c["resolved"]["count"] == 1, c
PY

# The same JARs in images: OCI archive (old) against docker-archive (new).
files() {
	for f in "$1"/*.jar; do printf '/opt/spark/jars/%s=%s\n' "$(basename "$f")" "$f"; done
}
# shellcheck disable=SC2046
$MKIMAGE image "$TMP/old.oci.tar" oci-archive --gzip $(files "$O") || fail mkimage
# shellcheck disable=SC2046
$MKIMAGE image "$TMP/new.docker.tar" docker-archive $(files "$N") || fail mkimage
expect_exit 1 "$JARBAKE" diff --jars-dir /opt/spark/jars "$TMP/old.oci.tar" "$TMP/new.docker.tar"
check_text
# an image against a directory; jars_dir from the manifest
cat >"$TMP/m.json" <<'JSON'
{ "schema": 1,
  "image": { "name": "t", "base": "scratch", "spark_version": "3.5.1",
    "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark" },
  "jars": [] }
JSON
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" diff "$TMP/old.oci.tar" "$N"
check_text
# bad input
expect_exit 2 "$JARBAKE" diff "$O"
expect_grep "expected OLD and NEW" "$TMP/err"
printf 'not a tar' >"$TMP/bad.tar"
expect_exit 2 "$JARBAKE" -m "$TMP/m.json" diff "$TMP/bad.tar" "$N"
expect_grep "bad.tar" "$TMP/err"
expect_exit 2 "$JARBAKE" diff --format xml "$O" "$N"
echo "verify-diff: ok"
