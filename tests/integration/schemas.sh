#!/bin/sh
# jarbake's SARIF (lint on the corpus, verify on a failing image) and its
# CycloneDX SBOM validate against the official schemas, vendored from npm
# packages into tests/schemas/ (python3-jsonschema, offline). The SBOM of
# an image with a shaded JAR lists the bundled libraries as nested
# components with purls and the graph image -> JARs -> bundled libraries,
# the licenses the JARs declare (pom.xml, Bundle-License; Debian's jansi
# and guava JARs too) and the image's own digest (docker save: image ID).
# SARIF: rules with name, descriptions and helpUri; URIs relative to the
# repository's top (%SRCROOT%), absolute file: URIs outside it, image paths
# under IMAGEROOT with the image as the artifact; the real command line.
. "$(dirname "$0")/../lib.sh"
python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is not installed"
V="python3 $ROOT/tests/schemas/validate.py"

# lint: the corpus, from a subdirectory of a repository, and a path outside
"$JARBAKE" lint -f sarif --no-ignore "$ROOT/tests/lint" >"$TMP/lint.sarif" 2>/dev/null || :
$V sarif-2.1.0-rtm.5.json "$TMP/lint.sarif" || fail "lint's SARIF is not valid SARIF 2.1.0"
mkdir -p "$TMP/repo/a" "$TMP/repo/b" "$TMP/outside"
(cd "$TMP/repo" && git init -q .)
printf 'spark.jars.%s x\n' packages >"$TMP/repo/a/spark-defaults.conf"
cp "$TMP/repo/a/spark-defaults.conf" "$TMP/outside/spark-defaults.conf"
(cd "$TMP/repo/b" && "$JARBAKE" lint --format sarif ../a "$TMP/outside/spark-defaults.conf" >"$TMP/rel.sarif") &&
	fail "lint found nothing"
$V sarif-2.1.0-rtm.5.json "$TMP/rel.sarif" || fail "SARIF with ../ paths is not valid"
python3 - "$TMP/rel.sarif" "$TMP" <<'PY' || fail "lint's SARIF content"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
tmp = sys.argv[2]
locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
assert {"uri": "a/spark-defaults.conf", "uriBaseId": "%SRCROOT%"} in locs, locs
assert {"uri": "file://" + tmp + "/outside/spark-defaults.conf"} in locs, locs
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + tmp + "/repo/", run["originalUriBaseIds"]
inv = run["invocations"][0]
assert inv["arguments"] == ["lint", "--format", "sarif", "../a", tmp + "/outside/spark-defaults.conf"], inv
assert inv["commandLine"].startswith("jarbake lint --format sarif ../a "), inv
assert inv["workingDirectory"]["uri"] == "file://" + tmp + "/repo/b/", inv
for rule in run["tool"]["driver"]["rules"]:
    for k in ("id", "name", "shortDescription", "fullDescription", "helpUri"):
        assert k in rule, (k, rule)
    assert rule["helpUri"].startswith("https://"), rule
PY

# verify: SARIF of a failing image, the SBOM of a good one with a shaded JAR
python3 "$ROOT/tests/fixtures/mkimage.py" "$TMP/img" >/dev/null
expect_exit 1 "$JARBAKE" -m "$TMP/img/jarbake.json" verify -f sarif "$TMP/img/corrupt-oci.tar"
cp "$TMP/out" "$TMP/verify.sarif"
$V sarif-2.1.0-rtm.5.json "$TMP/verify.sarif" || fail "verify's SARIF is not valid SARIF 2.1.0"
python3 - "$TMP/verify.sarif" <<'PY' || fail "verify's SARIF content"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["artifacts"][0]["roles"] == ["analysisTarget"], run["artifacts"]
assert "IMAGEROOT" in run["originalUriBaseIds"], run["originalUriBaseIds"]
rules = {r["ruleId"] for r in run["results"]}
assert {"missing", "integrity"} <= rules, rules
miss = [r for r in run["results"] if r["ruleId"] == "missing"][0]
loc = miss["locations"][0]["physicalLocation"]["artifactLocation"]
assert loc["uriBaseId"] == "IMAGEROOT" and loc["uri"].startswith("opt/spark/jars/"), loc
PY
python3 "$ROOT/tests/fixtures/mkfatimage.py" "$TMP/fat"
expect_exit 0 "$JARBAKE" -m "$TMP/fat/fat.json" verify --sbom "$TMP/fat.cdx.json" "$TMP/fat/fat.tar"
$V bom-1.5.SNAPSHOT.schema.json "$TMP/fat.cdx.json" || fail "the SBOM is not valid CycloneDX 1.5"
python3 - "$TMP/fat.cdx.json" "$TMP/fat/fat.tar" <<'PY' || fail "the SBOM's nested components, graph, licenses or image digest"
import json, sys, tarfile
d = json.load(open(sys.argv[1]))
img = d["metadata"]["component"]
assert img["type"] == "container" and img["version"] == "2.1", img
# the ref pins no digest: the image ID (the config's digest, docker save)
with tarfile.open(sys.argv[2]) as t:
    config = json.load(t.extractfile("manifest.json"))[0]["Config"]
assert config.startswith("blobs/sha256/"), config
assert img["hashes"] == [{"alg": "SHA-256", "content": config.split("/")[-1]}], img
lic = {c["name"]: c.get("licenses") for c in d["components"]}
# Bundle-License "Apache-2.0;link=..." of the shaded JAR itself
assert lic["agent"] == [{"license": {"id": "Apache-2.0",
    "url": "https://www.apache.org/licenses/LICENSE-2.0.txt"}}], lic
# Debian's real JARs: jansi's pom.xml, guava's Bundle-License URL
assert lic["jansi"] == [{"license": {"id": "Apache-2.0",
    "url": "http://www.apache.org/licenses/LICENSE-2.0.txt"}}], lic
assert lic["guava"][0]["license"]["id"] == "Apache-2.0", lic
assert lic["plain"] is None, lic
agent = [c for c in d["components"] if c["name"] == "agent"][0]
nested = {c["purl"] for c in agent["components"]}
assert nested == {"pkg:maven/io.openlineage/openlineage-java@1.12.0",
                  "pkg:maven/org.apache.httpcomponents/httpclient@4.5.14"}, nested
blic = {c["name"]: c["licenses"] for c in agent["components"]}
# bundled pom.xml: a known name as its id; an unknown one kept as written
# (entities decoded; the commented-out MIT is not read)
assert blic["openlineage-java"] == [{"license": {"id": "Apache-2.0"}}], blic
assert blic["httpclient"] == [{"license": {"name": "Example & Co License",
    "url": "https://example.invalid/license"}}], blic
plain = [c for c in d["components"] if c["name"] == "plain"][0]
assert "components" not in plain, plain
deps = {x["ref"]: set(x["dependsOn"]) for x in d["dependencies"]}
assert deps["image"] == {c["bom-ref"] for c in d["components"]}, deps
assert deps[agent["bom-ref"]] == {c["bom-ref"] for c in agent["components"]}, deps
assert deps[plain["bom-ref"]] == set(), deps
PY
# SPDX 2.3: no npm package ships its JSON schema; checked against the
# specification's rules for every field written (clauses 6, 7, 11).
expect_exit 0 "$JARBAKE" -m "$TMP/fat/fat.json" verify -q --sbom "$TMP/fat.spdx.json" \
	--sbom-format spdx "$TMP/fat/fat.tar"
python3 - "$TMP/fat.spdx.json" <<'PY' || fail "the SPDX 2.3 document"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["spdxVersion"] == "SPDX-2.3" and d["dataLicense"] == "CC0-1.0", d
assert d["SPDXID"] == "SPDXRef-DOCUMENT" and d["name"], d
assert re.match(r"^https://[^#]+$", d["documentNamespace"]), d["documentNamespace"]
ci = d["creationInfo"]
assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ci["created"]), ci
assert all(re.match(r"^(Tool|Person|Organization): .+", c) for c in ci["creators"]), ci
allowed = {"SPDXID", "name", "versionInfo", "packageFileName", "downloadLocation",
           "filesAnalyzed", "checksums", "externalRefs", "primaryPackagePurpose",
           "description", "comment", "licenseConcluded", "licenseDeclared"}
# clause 10: every LicenseRef- used is defined once, with its text
extracted = {x["licenseId"]: x for x in d.get("hasExtractedLicensingInfos", [])}
for x in extracted.values():
    assert re.match(r"^LicenseRef-[A-Za-z0-9.-]+$", x["licenseId"]), x
    assert x["extractedText"] and x["name"], x
decl = {p["name"]: p.get("licenseDeclared") for p in d["packages"]}
assert decl["agent"] == decl["jansi"] == decl["guava"] == "Apache-2.0", decl
assert decl["openlineage-java"] == "Apache-2.0", decl
assert decl["plain"] == "NOASSERTION", decl
assert decl["httpclient"] in extracted, (decl, extracted)
assert extracted[decl["httpclient"]]["seeAlsos"] == ["https://example.invalid/license"], extracted
ids = {"SPDXRef-DOCUMENT"}
for p in d["packages"]:
    assert set(p) <= allowed, set(p) - allowed
    assert re.match(r"^SPDXRef-[A-Za-z0-9.-]+$", p["SPDXID"]), p
    assert p["SPDXID"] not in ids, p
    ids.add(p["SPDXID"])
    assert p["name"] and p["downloadLocation"], p
    assert p["filesAnalyzed"] is False, p
    assert p["primaryPackagePurpose"] in ("CONTAINER", "LIBRARY"), p
    if p["primaryPackagePurpose"] == "LIBRARY":
        assert p["licenseConcluded"] == "NOASSERTION", p
        for term in p["licenseDeclared"].split(" AND "):
            assert re.match(r"^(NOASSERTION|LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9.+-]+)$", term), p
    for c in p.get("checksums", []):
        assert c["algorithm"] == "SHA256" and re.match(r"^[0-9a-f]{64}$", c["checksumValue"]), c
    for r in p.get("externalRefs", []):
        assert r["referenceCategory"] == "PACKAGE-MANAGER" and r["referenceType"] == "purl", r
        assert r["referenceLocator"].startswith("pkg:maven/"), r
rels = d["relationships"]
for r in rels:
    assert r["spdxElementId"] in ids and r["relatedSpdxElement"] in ids, r
    assert r["relationshipType"] in ("DESCRIBES", "CONTAINS"), r
assert {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
        "relatedSpdxElement": "SPDXRef-Image"} in rels
purls = {r["referenceLocator"] for p in d["packages"] for r in p.get("externalRefs", [])}
assert "pkg:maven/io.openlineage/openlineage-java@1.12.0" in purls, purls
image = [p for p in d["packages"] if p["SPDXID"] == "SPDXRef-Image"][0]
assert len(image["checksums"]) == 1 and image["checksums"][0]["algorithm"] == "SHA256", image
agent = [p for p in d["packages"] if p["name"] == "agent"][0]["SPDXID"]
inside = {r["relatedSpdxElement"] for r in rels if r["spdxElementId"] == agent}
assert len(inside) == 2, inside
PY
expect_exit 2 "$JARBAKE" -m "$TMP/fat/fat.json" verify --sbom x --sbom-format xml "$TMP/fat/fat.tar"
# an OCI layout named by no digest: the image manifest's digest
expect_exit 0 "$JARBAKE" -m "$TMP/img/jarbake.json" verify -q --sbom "$TMP/oci.cdx.json" "$TMP/img/oci-dir"
$V bom-1.5.SNAPSHOT.schema.json "$TMP/oci.cdx.json" || fail "the OCI image's SBOM is not valid CycloneDX 1.5"
python3 - "$TMP/oci.cdx.json" "$TMP/img/oci-dir/index.json" <<'PY' || fail "the OCI image's digest in the SBOM"
import json, sys
img = json.load(open(sys.argv[1]))["metadata"]["component"]
digest = json.load(open(sys.argv[2]))["manifests"][0]["digest"]
assert img["hashes"] == [{"alg": "SHA-256", "content": digest[7:]}], (img, digest)
assert img["version"] == digest, img  # no tag: the digest names the version
PY
echo "schemas: ok"
