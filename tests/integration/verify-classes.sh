#!/bin/sh
# jarbake verify --classes and --sbom on a buildah-built image: the url JAR
# that shades io.openlineage classes without relocating them overlaps
# openlineage-spark; module-info.class, META-INF/versions/ and identical
# copies are ignored; allowed_overlaps lets the pair pass with a note. The
# SBOM is CycloneDX 1.5, checked against the schema's rules for the fields
# it uses, written atomically.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/verify-lib.sh.in
. "$ROOT/tests/integration/verify-lib.sh.in"

# openlineage-spark: the same classes as the agent's shaded copy, other
# bytes; plus a class identical to one of spark-core's (ignored) and its own
# module-info and versioned entries (ignored).
$MKJAR "$J/added/openlineage-spark_2.12-1.28.0.jar" io.openlineage openlineage-spark_2.12 1.28.0 \
	io.openlineage.client.OpenLineage io.openlineage.client.OpenLineage\$Job \
	io.openlineage.spark.agent.OpenLineageSparkListener org.apache.spark.SparkContext \
	module-info=ol META-INF/versions/11/io/openlineage/client/OpenLineage.class=ol
ol_sha=$(vt_sha "$J/added/openlineage-spark_2.12-1.28.0.jar")
with_ol='{ "name": "openlineage-spark", "maven": "io.openlineage:openlineage-spark_2.12:1.28.0",
      "sha256": "'$ol_sha'", "purpose": "lineage events" }'
# The manifest with openlineage-spark as a fourth JAR.
manifest4() {
	vt_manifest "$1"
	python3 - "$M" "$with_ol" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["jars"].append(json.loads(sys.argv[2]))
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
	msha=$(vt_sha "$M")
}
manifest4 ""

C=$TMP/ctx
mkdir -p "$C/base" "$C/added"
cp "$J"/base/*.jar "$C/base/"
cp "$J"/added/*.jar "$C/added/"
cat >"$C/Containerfile" <<CF
FROM scratch
COPY base/ /opt/spark/jars/
COPY added/ /opt/spark/jars/
LABEL io.akko.jarbake.manifest-sha256="$msha"
CF
vt_build classes "$C"

# Without --classes: all verified.
expect_exit 0 "$JARBAKE" -m "$M" verify "$TMP/classes.oci.tar"
expect_grep "verified: 4 ok, 2 base" "$TMP/out"

# With --classes: one conflicting pair, 2 classes, exit 1.
expect_exit 1 "$JARBAKE" -m "$M" verify --classes "$TMP/classes.docker.tar"
expect_grep "/opt/spark/jars/agent.jar: error: 2 classes also in 'openlineage-spark_2.12-1.28.0.jar' (io/openlineage/client/OpenLineage\$Job.class, io/openlineage/client/OpenLineage.class) [class-conflict]" "$TMP/out"
expect_grep "1 class conflict;" "$TMP/out"
grep 'class-conflict' "$TMP/out" | grep -q 'spark-core' && fail "identical copies reported"
[ "$(grep -c '\[class-conflict\]' "$TMP/out")" -eq 1 ] || fail "expected exactly one conflicting pair"

expect_exit 1 "$JARBAKE" -m "$M" verify --classes --format json "$TMP/classes.oci.tar"
python3 - "$TMP/out" <<'PY' || fail "bad class_conflicts JSON"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["class_conflicts"]
assert len(c) == 1, c
assert c[0]["first"] == "agent.jar" and c[0]["second"] == "openlineage-spark_2.12-1.28.0.jar", c
assert c[0]["count"] == 2 and c[0]["allowed"] is False, c
assert c[0]["examples"] == ["io/openlineage/client/OpenLineage$Job.class",
                            "io/openlineage/client/OpenLineage.class"], c
PY

# The pair allowed by the manifest: a note, exit 0.
manifest4 ',
  "allowed_overlaps": [
    { "jars": ["openlineage-spark_2.12-1.28.0.jar", "agent.jar"],
      "reason": "the agent shades io.openlineage without relocating it" }
  ]'
sed -i "s/manifest-sha256=\"[0-9a-f]*\"/manifest-sha256=\"$msha\"/" "$C/Containerfile"
vt_build allowed "$C"
expect_exit 0 "$JARBAKE" -m "$M" verify --classes "$TMP/allowed.docker.tar"
expect_grep "agent.jar: note: 2 classes also in 'openlineage-spark_2.12-1.28.0.jar'" "$TMP/out"
expect_grep "allowed by the manifest: the agent shades io.openlineage without relocating it [class-conflict]" "$TMP/out"

# Two base JARs that overlap each other: the base image's doing, a warning.
mkdir -p "$C/base2"
$MKJAR "$C/base2/netty-all-4.1.96.Final.jar" io.netty netty-all 4.1.96.Final io.netty.Channel=all
$MKJAR "$C/base2/netty-transport-4.1.96.Final.jar" io.netty netty-transport 4.1.96.Final io.netty.Channel
sed 's|^COPY added/|COPY base2/ /opt/spark/jars/\nCOPY added/|' "$C/Containerfile" >"$C/Containerfile.base2"
mv "$C/Containerfile.base2" "$C/Containerfile"
vt_build baseover "$C"
expect_exit 0 "$JARBAKE" -m "$M" verify --classes "$TMP/baseover.oci.tar"
expect_grep "/opt/spark/jars/netty-all-4.1.96.Final.jar: warning: 1 class also in 'netty-transport-4.1.96.Final.jar' (io/netty/Channel.class) [class-conflict]" "$TMP/out"
expect_grep "2 class conflicts; 0 errors, 1 warning" "$TMP/out"

# --- the SBOM, from a stream.
expect_exit 0 sh -c "\"$JARBAKE\" -m \"$M\" verify --sbom \"$TMP/sbom.json\" - <\"$TMP/allowed.oci.tar\""
[ ! -e "$TMP/sbom.json.tmp" ] || fail "temporary file left"
ls "$TMP" | grep -q '^sbom.json.' && fail "temporary file left beside the SBOM"
python3 - "$TMP/sbom.json" "$msha" <<'PY' || fail "invalid CycloneDX SBOM"
import json, re, sys
d = json.load(open(sys.argv[1]))
# The CycloneDX 1.5 JSON schema's rules for every field written here.
assert d["bomFormat"] == "CycloneDX"
assert d["specVersion"] == "1.5"
assert isinstance(d["version"], int) and d["version"] >= 1
assert re.fullmatch(r"urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}",
                    d["serialNumber"]), d["serialNumber"]
allowed_top = {"$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata",
               "components", "services", "externalReferences", "dependencies", "compositions",
               "properties", "vulnerabilities", "annotations", "formulation", "signature"}
assert set(d) <= allowed_top, set(d) - allowed_top
md = d["metadata"]
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", md["timestamp"])
tools = md["tools"]["components"]
assert tools[0]["type"] == "application" and tools[0]["name"] == "jarbake"
comp_types = {"application", "framework", "library", "container", "platform", "operating-system",
              "device", "device-driver", "firmware", "file", "machine-learning-model", "data"}
allowed_comp = {"type", "mime-type", "bom-ref", "supplier", "author", "publisher", "group", "name",
                "version", "description", "scope", "hashes", "licenses", "copyright", "cpe", "purl",
                "swid", "modified", "pedigree", "externalReferences", "properties", "components",
                "evidence", "releaseNotes", "modelCard", "data", "signature"}
def check_component(c):
    assert set(c) <= allowed_comp, set(c) - allowed_comp
    assert c["type"] in comp_types
    assert isinstance(c["name"], str) and c["name"]
    for h in c.get("hashes", []):
        assert set(h) == {"alg", "content"}
        assert h["alg"] in {"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256",
                            "SHA3-384", "SHA3-512", "BLAKE2b-256", "BLAKE2b-384",
                            "BLAKE2b-512", "BLAKE3"}
        assert re.fullmatch(r"([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})",
                            h["content"])
    for p in c.get("properties", []):
        assert set(p) <= {"name", "value"} and isinstance(p["name"], str) and isinstance(p["value"], str)
    for k in ("bom-ref", "group", "version", "purl", "description"):
        if k in c:
            assert isinstance(c[k], str)
check_component(md["component"])
assert md["component"]["type"] == "container"
assert {"name": "jarbake:manifest-sha256", "value": sys.argv[2]} in md["component"]["properties"]
refs = [c["bom-ref"] for c in d["components"]] + [md["component"]["bom-ref"]]
assert len(refs) == len(set(refs)), "bom-ref values must be unique"
by = {}
for c in d["components"]:
    check_component(c)
    assert c["type"] == "library"
    path = [p["value"] for p in c["properties"] if p["name"] == "jarbake:path"][0]
    by[path.rsplit("/", 1)[1]] = c
assert set(by) == {"commons-io-2.11.0.jar", "spark-connect_2.12-3.5.1.jar", "agent.jar",
                   "openlineage-spark_2.12-1.28.0.jar", "spark-core_2.12-3.5.1.jar",
                   "scala-library-2.12.18.jar"}, set(by)
assert by["commons-io-2.11.0.jar"]["purl"] == "pkg:maven/commons-io/commons-io@2.11.0"
assert by["openlineage-spark_2.12-1.28.0.jar"]["purl"] == "pkg:maven/io.openlineage/openlineage-spark_2.12@1.28.0"
# Base JARs: the purl from their own pom.properties.
assert by["spark-core_2.12-3.5.1.jar"]["purl"] == "pkg:maven/org.apache.spark/spark-core_2.12@3.5.1"
assert by["scala-library-2.12.18.jar"]["purl"] == "pkg:maven/org.scala-lang/scala-library@2.12.18"
# The url JAR: no Maven coordinates, a generic purl with its download URL.
assert by["agent.jar"]["purl"].startswith("pkg:generic/agent@1.0?download_url=https%3A%2F%2F"), by["agent.jar"]["purl"]
for c in by.values():
    assert len(c["hashes"]) == 1 and c["hashes"][0]["alg"] == "SHA-256"
PY
# The hashes are the files' own.
python3 - "$TMP/sbom.json" "$J/added/commons-io-2.11.0.jar" <<'PY' || fail "SBOM hash"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
h = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert any(c["hashes"][0]["content"] == h for c in d["components"])
PY
# A failing image still gets its SBOM; an unwritable path is an I/O error.
expect_exit 1 "$JARBAKE" -m "$M" verify --sbom "$TMP/sbom2.json" "$TMP/classes.oci.tar"
[ -s "$TMP/sbom2.json" ] || fail "no SBOM for a failing image"
expect_exit 3 "$JARBAKE" -m "$M" verify --sbom "$TMP/no/such/dir/sbom.json" "$TMP/allowed.oci.tar"
expect_grep "sbom.json" "$TMP/err"
echo "verify --classes/--sbom: all checks passed"
