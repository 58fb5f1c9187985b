#!/bin/sh
# verify's class-not-found and bytecode-too-new checks, verify --conf and
# jarbake diff on REGISTRY images (docker://127.0.0.1:PORT/REPO:TAG):
# Debian's docker-registry on loopback, images made by mkimage.py from
# real JARs (javac --release 8 and 17), pushed with skopeo (docker-archive
# in, Docker schema 2 in the registry; OCI archive in, OCI manifest). The
# same findings and the same diff as on the archives, from the registry's
# blobs; diff over TLS with a test CA (--cacert), and its errors.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/registry/lib.sh
. "$ROOT/tests/registry/lib.sh"
# shellcheck source=tests/integration/verify-javac.sh.in
. "$ROOT/tests/integration/verify-javac.sh.in"
need docker-registry skopeo openssl python3

J=$TMP/jars
mkdir -p "$J"
# The base image's JARs; the added ones (Java 8); an Iceberg runtime
# built for Java 17.
mkjar "$J/spark-core_2.12-3.5.1.jar" 8 --pom org.apache.spark:spark-core_2.12:3.5.1 \
	org.apache.spark.serializer.KryoSerializer org.apache.spark.SparkContext
mkjar "$J/openlineage-spark_2.12-1.28.0.jar" 8 --pom io.openlineage:openlineage-spark_2.12:1.28.0 \
	io.openlineage.spark.agent.OpenLineageSparkListener
mkjar "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" 8 \
	--pom org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2 \
	org.apache.iceberg.spark.SparkCatalog org.apache.iceberg.spark.Legacy \
	org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
mkjar "$J/iceberg-aws-bundle-1.5.2.jar" 8 org.apache.iceberg.aws.s3.S3FileIO
mkjar "$J/java17.jar" 17 --pom org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2 \
	org.apache.iceberg.spark.SparkCatalog \
	org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
# The bump: Iceberg 1.6.0 for Java 11 (gains View, loses Legacy), a new
# JAR, the AWS bundle gone.
mkjar "$J/iceberg-spark-runtime-3.5_2.12-1.6.0.jar" 11 \
	--pom org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.0 \
	org.apache.iceberg.spark.SparkCatalog org.apache.iceberg.spark.View \
	org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
mkjar "$J/new-tool-2.0.jar" 8 --pom org.example:new-tool:2.0 org.example.New

M=$TMP/manifest.json
# manifest ICEBERG_JAR: pins the three added JARs, Iceberg's bytes from
# ICEBERG_JAR.
manifest() {
	python3 - "$M" "$J" "$1" <<'PY' || fail "cannot write the manifest"
import hashlib, json, sys
out, jars, ice = sys.argv[1:]
pins = [("ol", "1.28.0", "openlineage-spark_2.12-1.28.0.jar", jars + "/openlineage-spark_2.12-1.28.0.jar"),
        ("iceberg", "1.5.2", "iceberg-spark-runtime-3.5_2.12-1.5.2.jar", ice),
        ("aws", "1.5.2", "iceberg-aws-bundle-1.5.2.jar", jars + "/iceberg-aws-bundle-1.5.2.jar")]
m = {"schema": 1,
     "image": {"name": "t", "base": "scratch", "spark_version": "3.5.1", "scala_version": "2.12",
               "jars_dir": "/opt/spark/jars", "user": "spark"},
     "repository": "https://repo.invalid/maven2",
     "jars": [{"name": n, "version": v, "url": "https://x.invalid/%s.jar" % n, "file": f,
               "sha256": hashlib.sha256(open(p, "rb").read()).hexdigest()} for n, v, f, p in pins]}
json.dump(m, open(out, "w"), indent=2)
PY
}

printf 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="11.0.22"\n' >"$TMP/release"
# conf FILE LISTENER: a spark-defaults.conf in the AKKO shape, the
# listener on line 2.
conf() {
	f=$1
	set -- spark.serializer org.apache.spark.serializer.KryoSerializer \
		spark.extraListeners "$2" \
		spark.sql.extensions org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions \
		spark.sql.catalog.iceberg org.apache.iceberg.spark.SparkCatalog \
		spark.sql.catalog.iceberg.type rest \
		spark.sql.catalog.iceberg.io-impl org.apache.iceberg.aws.s3.S3FileIO
	: >"$f"
	while [ $# -ge 2 ]; do
		printf '%-34s %s\n' "$1" "$2" >>"$f"
		shift 2
	done
}
conf "$TMP/good.conf" io.openlineage.spark.agent.OpenLineageSparkListener
conf "$TMP/typo.conf" io.openlineage.spark.agent.OpenLineageSparkListenr

# image OUT FORMAT CONF JAR...: a Java 11 base layer (release file,
# spark-core), then the JARs and spark-defaults.conf.
image() {
	out=$1 fmt=$2 cf=$3
	shift 3
	args=""
	for f in "$@"; do
		args="$args /opt/spark/jars/$(basename "$f")=$f"
	done
	# shellcheck disable=SC2086
	$MKIMAGE image "$out" "$fmt" --gzip --env JAVA_HOME=/opt/java/openjdk \
		/opt/java/openjdk/release="$TMP/release" \
		/opt/spark/jars/spark-core_2.12-3.5.1.jar="$J/spark-core_2.12-3.5.1.jar" \
		--layer $args /opt/spark/conf/spark-defaults.conf="$cf" ||
		fail "mkimage failed"
}
ADDED="$J/openlineage-spark_2.12-1.28.0.jar $J/iceberg-aws-bundle-1.5.2.jar"
# The good image (OLD of the diff), the misspelt listener with the Java 17
# Iceberg runtime (renamed to the manifest's file name), and the bump (NEW).
mkdir -p "$TMP/j17"
cp "$J/java17.jar" "$TMP/j17/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
# shellcheck disable=SC2086
image "$TMP/good.tar" docker-archive "$TMP/good.conf" $ADDED "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
# shellcheck disable=SC2086
image "$TMP/bad.tar" docker-archive "$TMP/typo.conf" $ADDED "$TMP/j17/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
# shellcheck disable=SC2086
image "$TMP/bad.oci" oci-archive "$TMP/typo.conf" $ADDED "$TMP/j17/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
image "$TMP/new.tar" docker-archive "$TMP/good.conf" "$J/openlineage-spark_2.12-1.28.0.jar" \
	"$J/iceberg-spark-runtime-3.5_2.12-1.6.0.jar" "$J/new-tool-2.0.jar"

reg_start plain
R=127.0.0.1:$REG_PORT
reg_push "docker-archive:$TMP/good.tar" "$R/akko/spark:1" --dest-tls-verify=false
reg_push "docker-archive:$TMP/bad.tar" "$R/akko/spark:bad" --dest-tls-verify=false
reg_push "oci-archive:$TMP/bad.oci" "$R/akko/spark:bad-oci" --dest-tls-verify=false
reg_push "docker-archive:$TMP/new.tar" "$R/akko/spark:2" --dest-tls-verify=false
curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
	"http://$R/v2/akko/spark/manifests/bad" | grep -q 'distribution.manifest.v2' ||
	fail "akko/spark:bad is not a Docker schema 2 manifest: the test proves nothing"
v() { "$JARBAKE" -m "$M" verify --retries 0 "$@"; }

# 1. The good image verifies from the registry.
manifest "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
expect_exit 0 v "docker://$R/akko/spark:1"
expect_grep "docker://$R/akko/spark:1: verified: 3 ok, 1 base" "$TMP/out"

# 2. The misspelt listener and the Java 17 JAR, Docker schema 2 and OCI:
#    exit 1, class-not-found with the nearest class, bytecode-too-new with
#    the Java level from the release file in the registry's base layer.
manifest "$TMP/j17/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
for tag in bad bad-oci; do
	expect_exit 1 v "docker://$R/akko/spark:$tag"
	expect_grep "/opt/spark/conf/spark-defaults.conf:2:1: error: 'spark.extraListeners' names class 'io.openlineage.spark.agent.OpenLineageSparkListenr', which no JAR of the class path provides; nearest: 'io.openlineage.spark.agent.OpenLineageSparkListener' in 'openlineage-spark_2.12-1.28.0.jar' [class-not-found]" "$TMP/out"
	[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 1 ] || fail "$tag: expected exactly one class-not-found"
	expect_grep "/opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar: error: classes for Java 17 (class-file version 61, e.g. 'org/apache/iceberg/spark/" "$TMP/out"
	expect_grep "cannot load on the image's Java 11 (/opt/java/openjdk/release) [bytecode-too-new]" "$TMP/out"
	[ "$(grep -c 'bytecode-too-new' "$TMP/out")" -eq 1 ] || fail "$tag: only the Java 17 JAR is too new"
	# the same findings as from the archive the image was pushed from
	grep -E 'class-not-found|bytecode-too-new' "$TMP/out" >"$TMP/reg.findings"
	[ $tag = bad ] && src=$TMP/bad.tar || src=$TMP/bad.oci
	expect_exit 1 "$JARBAKE" -m "$M" verify "$src"
	grep -E 'class-not-found|bytecode-too-new' "$TMP/out" >"$TMP/tar.findings"
	cmp -s "$TMP/reg.findings" "$TMP/tar.findings" ||
		fail "$tag: the registry image's findings differ from the archive's: $(diff "$TMP/tar.findings" "$TMP/reg.findings")"
done
# JSON: the rules, the Java version and where it came from.
expect_exit 1 v --format json "docker://$R/akko/spark:bad"
python3 - "$TMP/out" <<'PY' || fail "bad verify JSON for a registry image"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["java_version"] == 11, d["java_version"]
assert d["java_source"] == "/opt/java/openjdk/release", d["java_source"]
jars = {j["file"]: j for j in d["jars"]}
assert jars["iceberg-spark-runtime-3.5_2.12-1.5.2.jar"]["bytecode_java"] == 17, jars
assert jars["openlineage-spark_2.12-1.28.0.jar"]["bytecode_java"] == 8, jars
rules = json.dumps(d)
assert rules.count('"class-not-found"') == 1 and rules.count('"bytecode-too-new"') == 1, rules
PY

# 3. verify --conf FILE against a registry image: a misspelt io-impl with
#    its nearest class, a class in no JAR of the image, a right one.
manifest "$J/iceberg-spark-runtime-3.5_2.12-1.5.2.jar"
# (A Helm-style values file is read by the same scanners: verify-config.sh.)
{
	echo 'spark.sql.catalog.wh=org.apache.iceberg.spark.SparkCatalog'
	echo 'spark.driver.plugins  com.example.AbsentPlugin,org.apache.spark.SparkContext'
	echo 'spark.sql.catalog.wh.io-impl = org.apache.iceberg.aws.s3.S3FileIo'
	echo 'spark.sql.catalog.wh.type=rest'
} >"$TMP/outside.conf"
expect_exit 1 v --conf "$TMP/outside.conf" "docker://$R/akko/spark:1"
expect_grep "$TMP/outside.conf:3:1: error: 'spark.sql.catalog.wh.io-impl' names class 'org.apache.iceberg.aws.s3.S3FileIo', which no JAR of the class path provides; nearest: 'org.apache.iceberg.aws.s3.S3FileIO' in 'iceberg-aws-bundle-1.5.2.jar' [class-not-found]" "$TMP/out"
expect_grep "$TMP/outside.conf:2:1: error: 'spark.driver.plugins' names class 'com.example.AbsentPlugin', which no JAR of the class path provides [class-not-found]" "$TMP/out"
[ "$(grep -c 'class-not-found' "$TMP/out")" -eq 2 ] || fail "expected two class-not-found from --conf"
# The right names only: verified.
head -1 "$TMP/outside.conf" >"$TMP/right.conf"
expect_exit 0 v --conf "$TMP/right.conf" "docker://$R/akko/spark:1"
expect_grep "verified: 3 ok, 1 base" "$TMP/out"
expect_exit 2 v --conf "$TMP/nonexistent.conf" "docker://$R/akko/spark:1"
expect_grep "nonexistent.conf" "$TMP/err"

# 4. jarbake diff docker://OLD docker://NEW: text.
d() { "$JARBAKE" -m "$M" diff --retries 0 "$@"; }
expect_exit 0 d "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
expect_grep "version       iceberg-spark-runtime-3.5_2.12-1.5.2.jar (1.5.2) -> iceberg-spark-runtime-3.5_2.12-1.6.0.jar (1.6.0)" "$TMP/out"
expect_grep "              +2 classes: org.apache.iceberg.spark.View\$Inner, org.apache.iceberg.spark.View" "$TMP/out"
expect_grep "              -2 classes: org.apache.iceberg.spark.Legacy\$Inner, org.apache.iceberg.spark.Legacy" "$TMP/out"
expect_grep "              bytecode: Java 8 -> Java 11" "$TMP/out"
expect_grep "added         new-tool-2.0.jar (2.0)" "$TMP/out"
expect_grep "removed       iceberg-aws-bundle-1.5.2.jar (1.5.2)" "$TMP/out"
expect_grep ": 1 added, 1 removed, 1 version changed, 0 bytes changed, 2 unchanged; 0 conflicts introduced, 0 resolved" "$TMP/out"
# the same report as from the two archives, but for the names
expect_exit 0 "$JARBAKE" -m "$M" diff "$TMP/good.tar" "$TMP/new.tar"
sed "s|$TMP/good.tar|OLD|g;s|$TMP/new.tar|NEW|g" "$TMP/out" >"$TMP/tar.diff"
expect_exit 0 d "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
sed "s|docker://$R/akko/spark:1|OLD|g;s|docker://$R/akko/spark:2|NEW|g" "$TMP/out" >"$TMP/reg.diff"
cmp -s "$TMP/tar.diff" "$TMP/reg.diff" ||
	fail "diff of registry images differs from diff of archives: $(diff "$TMP/tar.diff" "$TMP/reg.diff")"
# A registry image against an archive, the OCI-pushed one by digest.
digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$R/akko/spark:bad-oci")
# the same version with other bytes: the red flag, exit 1
expect_exit 1 d "$TMP/good.tar" "docker://$R/akko/spark@$digest"
expect_grep "bytecode: Java 8 -> Java 17" "$TMP/out"
expect_grep "bytes         iceberg-spark-runtime-3.5_2.12-1.5.2.jar (1.5.2) -> iceberg-spark-runtime-3.5_2.12-1.5.2.jar (1.5.2): other bytes at the same version (sha256 " "$TMP/out"
expect_grep "RED FLAG" "$TMP/out"

# 5. diff --format json, parsed.
expect_exit 0 d --format json "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
python3 - "$TMP/out" <<'PY' || fail "bad diff JSON for registry images"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["red_flag"] is False, d["red_flag"]
assert d["summary"] == {"unchanged": 2, "added": 1, "removed": 1, "version": 1, "bytes": 0}, d["summary"]
j = {(x["old"] or x["new"])["file"]: x for x in d["jars"]}
ice = j["iceberg-spark-runtime-3.5_2.12-1.5.2.jar"]
assert ice["change"] == "version" and ice["new"]["version"] == "1.6.0", ice
assert ice["old"]["bytecode_java"] == 8 and ice["new"]["bytecode_java"] == 11, ice
assert ice["classes_gained"]["count"] == 2 and ice["classes_lost"]["count"] == 2, ice
assert j["new-tool-2.0.jar"]["change"] == "added", j["new-tool-2.0.jar"]
assert j["iceberg-aws-bundle-1.5.2.jar"]["change"] == "removed", j["iceberg-aws-bundle-1.5.2.jar"]
PY

# 6. diff's registry errors: a missing tag is exit 2, nothing listening is
#    exit 3, another transport is exit 2 naming skopeo, a bad --platform.
expect_exit 2 d "docker://$R/akko/spark:1" "docker://$R/akko/spark:nope"
expect_grep "'akko/spark:nope' is not in the registry $R (HTTP 404)" "$TMP/err"
dead=$(reg_free_port)
expect_exit 3 d "docker://127.0.0.1:$dead/akko/spark:1" "docker://$R/akko/spark:2"
expect_exit 2 d containers-storage:localhost/x:1 "docker://$R/akko/spark:2"
expect_grep "skopeo copy containers-storage:localhost/x:1 docker-archive:FILE" "$TMP/err"
expect_exit 2 d --platform amd64 "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
expect_grep "bad --platform 'amd64'" "$TMP/err"
expect_exit 2 d --platform linux/s390x "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
expect_grep "the image is for linux/amd64, not linux/s390x" "$TMP/err"

# 6b. NEW's top layer altered in the registry's storage (one bit of a JAR,
#     recompressed): not the blob its descriptor names, so nothing in it
#     is compared: exit 2 naming the layer, as verify's integrity check
#     (exit 1) does.
layer=$(reg_top_layer "$R" akko/spark 2)
blob=$(reg_blob_path "$layer")
[ -f "$blob" ] || fail "no blob file '$blob' in the registry's storage"
python3 - "$blob" <<'PY'
import gzip, sys
p = sys.argv[1]
data = gzip.decompress(open(p, "rb").read())
i = data.index(b"PK")
open(p, "wb").write(gzip.compress(data[:i + 40] + bytes([data[i + 40] ^ 1]) + data[i + 41:]))
PY
expect_exit 2 d "docker://$R/akko/spark:1" "docker://$R/akko/spark:2"
expect_grep "jarbake: docker://$R/akko/spark:2: error: layer " "$TMP/err"
expect_grep "${layer#sha256:}" "$TMP/err"
expect_grep "the image is not compared [integrity]" "$TMP/err"
[ -s "$TMP/out" ] && fail "a report was printed for a corrupt image"

# 7. Over TLS with a test CA (never in the system store): without it, exit
#    3 (TLS verified); with --cacert, the same diff as over plain http.
reg_ca "$TMP/tls"
REG_TLS_CERT=$TMP/tls/server.pem REG_TLS_KEY=$TMP/tls/server.key
reg_start tls
T=127.0.0.1:$REG_PORT
mkdir -p "$TMP/certs.d"
cp "$TMP/tls/ca.pem" "$TMP/certs.d/ca.crt"
reg_push "docker-archive:$TMP/good.tar" "$T/akko/spark:1" --dest-cert-dir "$TMP/certs.d"
reg_push "docker-archive:$TMP/new.tar" "$T/akko/spark:2" --dest-cert-dir "$TMP/certs.d"
expect_exit 3 d "docker://$T/akko/spark:1" "docker://$T/akko/spark:2"
expect_grep "cannot verify the TLS certificate" "$TMP/err"
expect_exit 0 d --cacert "$TMP/tls/ca.pem" "docker://$T/akko/spark:1" "docker://$T/akko/spark:2"
sed "s|docker://$T/akko/spark:1|OLD|g;s|docker://$T/akko/spark:2|NEW|g" "$TMP/out" >"$TMP/tls.diff"
cmp -s "$TMP/tar.diff" "$TMP/tls.diff" ||
	fail "diff over TLS differs from diff of archives: $(diff "$TMP/tar.diff" "$TMP/tls.diff")"
echo "registry-checks: ok"
