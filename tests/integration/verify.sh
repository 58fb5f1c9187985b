#!/bin/sh
# jarbake verify on real images built with buildah (FROM scratch, offline,
# private store), pushed to docker-archive and oci-archive: every status
# (ok, base, missing, mismatch, stale, incompatible, duplicate, base-ok,
# unexpected, base-missing, base-mismatch), runtime-jars from
# spark-defaults.conf, Env and Cmd, the label, both formats, stdin, exit
# codes 0/1/2.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/verify-lib.sh.in
. "$ROOT/tests/integration/verify-lib.sh.in"

# --- a good image: base layer, then the manifest's JARs, the label.
G=$TMP/good
mkdir -p "$G/base" "$G/added" "$G/conf"
cp "$J"/base/*.jar "$G/base/"
cp "$J"/added/*.jar "$G/added/"
printf 'spark.ui.enabled false\n' >"$G/conf/spark-defaults.conf"
cat >"$G/Containerfile" <<CF
FROM scratch
COPY base/ /opt/spark/jars/
COPY conf/ /opt/spark/conf/
ENV SPARK_HOME=/opt/spark PATH=/opt/spark/bin
COPY added/ /opt/spark/jars/
LABEL io.akko.jarbake.manifest-sha256="$msha"
CMD ["/opt/spark/bin/spark-submit", "--master", "local[2]", "app.py"]
CF
vt_build good "$G"

for form in docker oci; do
	expect_exit 0 "$JARBAKE" -m "$M" verify "$TMP/good.$form.tar"
	expect_grep "ok            /opt/spark/jars/commons-io-2.11.0.jar (commons-io 2.11.0)" "$TMP/out"
	expect_grep "ok            /opt/spark/jars/agent.jar (agent 1.0)" "$TMP/out"
	expect_grep "base          /opt/spark/jars/spark-core_2.12-3.5.1.jar" "$TMP/out"
	expect_grep "base          /opt/spark/jars/scala-library-2.12.18.jar" "$TMP/out"
	expect_grep "verified: 3 ok, 2 base; 0 errors, 0 warnings" "$TMP/out"
done
# Standard input, and the JSON document.
expect_exit 0 sh -c "\"$JARBAKE\" -m \"$M\" verify --format json - <\"$TMP/good.oci.tar\""
python3 - "$TMP/out" "$msha" <<'PY' || fail "bad JSON for the good image"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verified"] is True, d
assert d["manifest_sha256"] == sys.argv[2]
assert d["summary"] == {"ok": 3, "base": 2}, d["summary"]
by = {j["file"]: j for j in d["jars"]}
assert by["commons-io-2.11.0.jar"]["status"] == "ok"
assert by["commons-io-2.11.0.jar"]["sha256"] == by["commons-io-2.11.0.jar"]["expected_sha256"]
assert by["spark-core_2.12-3.5.1.jar"]["group"] == "org.apache.spark"
assert by["spark-core_2.12-3.5.1.jar"]["version"] == "3.5.1"
assert by["agent.jar"]["name"] == "agent"
assert d["errors"] == 0
PY

# The label of another manifest: exit 1, rule label.
built_with=$msha
vt_manifest ',
  "allowed_overlaps": []'
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/good.docker.tar"
expect_grep "config.Labels: error: label 'io.akko.jarbake.manifest-sha256' is '$built_with'" "$TMP/out"
expect_grep "[label]" "$TMP/out"
vt_manifest ""

# --- a bad image: every failing status at once.
X=$TMP/bad
mkdir -p "$X/base" "$X/added" "$X/conf"
cp "$J"/base/*.jar "$X/base/"
cp "$J/added/commons-io-2.11.0.jar" "$J"/bad/*.jar "$X/added/"
printf 'spark.ui.enabled false\nspark.jars.packages org.example:x:1.0\n' >"$X/conf/spark-defaults.conf"
cat >"$X/Containerfile" <<'CF'
FROM scratch
COPY base/ /opt/spark/jars/
COPY conf/ /opt/spark/conf/
COPY added/ /opt/spark/jars/
# jarbake: allow runtime-jars -- the test image must carry run-time JARs for verify to find
ENV PYSPARK_SUBMIT_ARGS="--jars /tmp/x.jar pyspark-shell"
LABEL io.akko.jarbake.manifest-sha256="0000000000000000000000000000000000000000000000000000000000000000"
# jarbake: allow runtime-packages -- the test image must carry run-time JARs for verify to find
CMD ["/opt/spark/bin/spark-submit", "--packages", "org.example:y:1.0", "app.py"]
CF
vt_build bad "$X"
for form in docker oci; do
	expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/bad.$form.tar"
	cp "$TMP/out" "$TMP/bad.$form.txt"
done
o=$TMP/bad.docker.txt
expect_grep "ok            /opt/spark/jars/commons-io-2.11.0.jar" "$o"
expect_grep "missing       /opt/spark/jars/agent.jar (agent 1.0)" "$o"
expect_grep "mismatch      /opt/spark/jars/spark-connect_2.12-3.5.1.jar" "$o"
expect_grep "stale         /opt/spark/jars/commons-io-2.8.0.jar" "$o"
expect_grep "incompatible  /opt/spark/jars/kafka_2.13-3.4.0.jar" "$o"
expect_grep "incompatible  /opt/spark/jars/spark-sql_2.12-3.4.0.jar" "$o"
expect_grep "duplicate     /opt/spark/jars/commons-io-copy.jar" "$o"
expect_grep "/opt/spark/jars/agent.jar: error: 'agent.jar' (agent 1.0) is not in the image [missing]" "$o"
expect_grep "/opt/spark/jars/kafka_2.13-3.4.0.jar: error: built for Scala 2.13, the image has Scala 2.12 [incompatible]" "$o"
expect_grep "[stale]" "$o"
expect_grep "[mismatch]" "$o"
expect_grep "/opt/spark/conf/spark-defaults.conf:2:" "$o"
expect_grep "config.Env" "$o"
expect_grep "config.Cmd" "$o"
expect_grep "[label]" "$o"
expect_grep "FAILED" "$o"

# --- an old release under the pinned name: the mismatch says what the JAR
# is, and the SBOM describes those bytes, not the pinned version.
O=$TMP/older
mkdir -p "$O/jars"
cp "$J"/base/*.jar "$O/jars/"
cp "$J/added/"*.jar "$O/jars/"
cp "$J/bad/commons-io-2.8.0.jar" "$O/jars/commons-io-2.11.0.jar"
cat >"$O/Containerfile" <<'CF'
FROM scratch
COPY jars/ /opt/spark/jars/
CF
vt_build older "$O"
expect_exit 1 "$JARBAKE" -m "$M" verify --sbom "$TMP/older.cdx.json" "$TMP/older.docker.tar"
expect_grep "mismatch      /opt/spark/jars/commons-io-2.11.0.jar" "$TMP/out"
expect_grep "the JAR's pom.properties says version 2.8.0 [mismatch]" "$TMP/out"
python3 - "$TMP/older.cdx.json" <<'PY' || fail "the SBOM describes the pinned version, not the bytes"
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["components"]
     if c["bom-ref"].endswith("/commons-io-2.11.0.jar")][0]
assert c["version"] == "2.8.0" and c["purl"].endswith("@2.8.0"), c
PY

# --- a launcher ENTRYPOINT with --jars in CMD: one command line.
E=$TMP/entry
mkdir -p "$E/jars"
cp "$J"/base/*.jar "$E/jars/"
cat >"$E/Containerfile" <<'CF'
FROM scratch
COPY jars/ /opt/spark/jars/
ENTRYPOINT ["/opt/spark/bin/spark-submit"]
# jarbake: allow runtime-jars -- the test image must carry run-time JARs for verify to find
CMD ["--jars", "/tmp/extra.jar", "app.py"]
CF
vt_build entry "$E"
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/entry.docker.tar"
expect_grep "config.Entrypoint" "$TMP/out"
expect_grep "[runtime-jars]" "$TMP/out"
# Both archive forms give the same report (but for the image name).
sed "s|bad.docker.tar|IMG|" "$TMP/bad.docker.txt" >"$TMP/a"
sed "s|bad.oci.tar|IMG|" "$TMP/bad.oci.txt" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" || { diff "$TMP/a" "$TMP/b" >&2; fail "docker and oci reports differ"; }

expect_exit 1 "$JARBAKE" -m "$M" verify --format json "$TMP/bad.oci.tar"
python3 - "$TMP/out" <<'PY' || fail "bad JSON for the bad image"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verified"] is False
st = {j["file"]: j["status"] for j in d["jars"]}
want = {
    "commons-io-2.11.0.jar": "ok", "agent.jar": "missing",
    "spark-connect_2.12-3.5.1.jar": "mismatch", "commons-io-2.8.0.jar": "stale",
    "kafka_2.13-3.4.0.jar": "incompatible", "spark-sql_2.12-3.4.0.jar": "incompatible",
    "commons-io-copy.jar": "duplicate", "spark-core_2.12-3.5.1.jar": "base",
    "scala-library-2.12.18.jar": "base",
}
assert st == want, st
f = d["findings"]
items = f if isinstance(f, list) else f.get("findings", f.get("results", []))
rules = set()
for x in items:
    rules.add(x.get("rule") or x.get("ruleId") or x.get("rule_id"))
for r in ("missing", "mismatch", "stale", "incompatible", "duplicate", "label"):
    assert r in rules, (r, rules)
assert any(r and r.startswith("runtime-") for r in rules), rules
PY

# --- base_jars: the whole base set pinned.
vt_manifest ',
  "base_jars": [
    { "file": "spark-core_2.12-3.5.1.jar", "sha256": "'"$(vt_sha "$J/base/spark-core_2.12-3.5.1.jar")"'" },
    { "file": "scala-library-2.12.18.jar", "sha256": "'"$(vt_sha "$J/base/scala-library-2.12.18.jar")"'" }
  ]'
sed -i "s/manifest-sha256=\"[0-9a-f]*\"/manifest-sha256=\"$msha\"/" "$G/Containerfile"
vt_build good2 "$G"
expect_exit 0 "$JARBAKE" -m "$M" verify "$TMP/good2.oci.tar"
expect_grep "base-ok       /opt/spark/jars/spark-core_2.12-3.5.1.jar" "$TMP/out"
# One base JAR changed, one gone, one added.
P=$TMP/pinned
mkdir -p "$P/base" "$P/added"
cp "$J/added"/*.jar "$P/added/"
$MKJAR "$P/base/spark-core_2.12-3.5.1.jar" org.apache.spark spark-core_2.12 3.5.1 \
	org.apache.spark.SparkContext=patched
$MKJAR "$P/base/extra-1.0.jar" org.example extra 1.0 org.example.Extra
cat >"$P/Containerfile" <<CF
FROM scratch
COPY base/ /opt/spark/jars/
COPY added/ /opt/spark/jars/
LABEL io.akko.jarbake.manifest-sha256="$msha"
CF
vt_build pinned "$P"
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/pinned.docker.tar"
expect_grep "base-mismatch /opt/spark/jars/spark-core_2.12-3.5.1.jar" "$TMP/out"
expect_grep "base-missing  /opt/spark/jars/scala-library-2.12.18.jar" "$TMP/out"
expect_grep "unexpected    /opt/spark/jars/extra-1.0.jar" "$TMP/out"
expect_grep "[base-missing]" "$TMP/out"
# The bad image under pinned base_jars: a stale or duplicate JAR is one
# finding, not also "unexpected".
expect_exit 1 "$JARBAKE" -m "$M" verify "$TMP/bad.docker.tar"
expect_grep "stale         /opt/spark/jars/commons-io-2.8.0.jar" "$TMP/out"
grep -q "commons-io-2.8.0.jar: error: .*\[unexpected\]" "$TMP/out" &&
	fail "a stale JAR was also reported unexpected"
grep -q "commons-io-copy.jar: error: .*\[unexpected\]" "$TMP/out" &&
	fail "a duplicate JAR was also reported unexpected"

# --- exit 2: a malformed image, an invalid manifest; usage errors.
head -c 3000 "$TMP/good.docker.tar" >"$TMP/truncated.tar"
expect_exit 2 "$JARBAKE" -m "$M" verify "$TMP/truncated.tar"
expect_grep "truncated.tar" "$TMP/err"
echo '{ "schema": 1, ' >"$TMP/broken.json"
expect_exit 2 "$JARBAKE" -m "$TMP/broken.json" verify "$TMP/good.docker.tar"
expect_grep "broken.json:" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$M" verify
expect_exit 2 "$JARBAKE" -m "$M" verify --format xml "$TMP/good.docker.tar"
expect_exit 2 "$JARBAKE" -m "$M" verify "$TMP/absent.tar"
expect_exit 0 "$JARBAKE" verify --help
expect_grep "usage: jarbake verify" "$TMP/out"
echo "verify: all checks passed"
