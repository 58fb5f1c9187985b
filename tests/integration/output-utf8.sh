#!/bin/sh
# Every JSON output stays valid JSON whatever bytes the input holds (#11
# item 8): JARs named with the bytes \xff\xfe or caf\xe9-1.0.jar and a
# pom.properties version with a stray byte (a mismatched JAR is described
# by its own pom.properties), through verify --format json
# and --sbom (Python's json.load must accept both, invalid bytes read as
# U+FFFD); and no control byte from a file name reaches --format github
# (#11 item 9), as in text, JSON and SARIF; nor a C1 control (CSI),
# a bidirectional control or a byte that is not UTF-8 reaches text or
# github.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cat >"$TMP/m.json" <<'JSON'
{"schema": 1,
 "image": {"name": "t", "base": "scratch", "spark_version": "3.5.1",
           "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark"},
 "repository": "https://repo.example/maven2",
 "jars": [{"name": "a", "maven": "g:a:1.0",
           "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]}
JSON

# A docker-save archive of one layer, written from the image spec.
python3 - "$TMP/img.tar" <<'PY'
import hashlib, io, json, sys, tarfile, zipfile

def jar(artifact, version):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
        z.writestr("META-INF/maven/org.ex/%s/pom.properties" % artifact,
                   b"groupId=org.ex\nartifactId=" + artifact.encode() +
                   b"\nversion=" + version + b"\n")
        z.writestr("org/ex/A.class", b"\xca\xfe\xba\xbe\0\0\0\x34")
    return b.getvalue()

def add(t, name, data):
    i = tarfile.TarInfo(name)
    i.size = len(data)
    t.addfile(i, io.BytesIO(data))

layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.GNU_FORMAT,
                  encoding="utf-8", errors="surrogateescape") as t:
    for name, artifact, version in ((b"\xff\xfe.jar", "x", b"1.0"),
                                    (b"caf\xe9-1.0.jar", "caf", b"1.0"),
                                    (b"a-1.0.jar", "a", b"1.0\xff"),
                                    (b"esc\x1b[2J.jar", "x", b"1.0"),
                                    # C1 CSI (U+009B), a raw 0x9b (CSI on
                                    # an 8-bit terminal), right-to-left
                                    # override (U+202E)
                                    (b"c1\xc2\x9b2J.jar", "x", b"1.0"),
                                    (b"raw\x9b2J.jar", "x", b"1.0"),
                                    (b"bidi\xe2\x80\xaegpj.jar", "x", b"1.0")):
        add(t, "opt/spark/jars/" + name.decode("utf-8", "surrogateescape"),
            jar(artifact, version))
layer = layer.getvalue()
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "config": {},
                     "rootfs": {"type": "layers", "diff_ids":
                                ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
manifest = json.dumps([{"Config": "config.json", "RepoTags": ["t:1"],
                        "Layers": ["layer.tar"]}]).encode()
with tarfile.open(sys.argv[1], "w") as t:
    add(t, "config.json", config)
    add(t, "layer.tar", layer)
    add(t, "manifest.json", manifest)
PY

expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify --format json --sbom "$TMP/sbom.json" "$TMP/img.tar"
python3 - "$TMP/out" "$TMP/sbom.json" <<'PY' || fail "verify's JSON or SBOM is not valid JSON"
import json, sys
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    raw.decode("utf-8")  # strict: every byte is UTF-8
    d = json.loads(raw)
report, sbom = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
files = {j["file"] for j in report["jars"]}
assert "\ufffd\ufffd.jar" in files, files
assert "caf\ufffd-1.0.jar" in files, files
by = {j["file"]: j for j in report["jars"]}
assert by["a-1.0.jar"]["status"] == "mismatch", by["a-1.0.jar"]
assert by["a-1.0.jar"]["version"] == "1.0\ufffd", by["a-1.0.jar"]
versions = {c.get("version") for c in sbom["components"]}
assert "1.0\ufffd" in versions, versions
PY

# The text report and GitHub's annotations hold no control character: no
# C0 or C1 control, DEL, bidirectional control, or byte that is not UTF-8
# (each is '?').
for format in text github; do
	expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify --format "$format" "$TMP/img.tar"
	python3 - "$TMP/out" "$TMP/err" <<'PY' || fail "verify --format $format printed a control character"
import sys
for path in sys.argv[1:]:
    text = open(path, "rb").read().decode("utf-8")  # strict
    bad = [hex(ord(c)) for c in text if c not in "\t\n" and (
        ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or c in "\u061c\u200e\u200f"
        or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069)]
    assert not bad, (path, bad)
PY
	if [ "$format" = text ]; then
		expect_grep "/opt/spark/jars/bidi?gpj.jar" "$TMP/out"
		expect_grep "/opt/spark/jars/raw?2J.jar" "$TMP/out"
		expect_grep "/opt/spark/jars/c1?2J.jar" "$TMP/out"
	fi
done

# lint --format github: an ESC in a file name becomes '?', as elsewhere.
mkdir "$TMP/repo"
printf 'spark.jars=/x/a.jar\n' >"$TMP/repo/a$(printf '\033')[2J.conf" # jarbake: allow runtime-jars -- test input
for format in text json sarif github; do
	expect_exit 1 "$JARBAKE" lint --format "$format" "$TMP/repo"
	if grep -q "$(printf '\033')" "$TMP/out"; then
		fail "lint --format $format printed a raw ESC"
	fi
done
expect_grep "::error file=$TMP/repo/a?[2J.conf," "$TMP/out"

# JARBAKE_STREAM=1: the same plain tar read front to back (the reader
# standard input uses) gives the same report as the reader by offsets.
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify --format json "$TMP/img.tar"
cp "$TMP/out" "$TMP/offsets.json"
expect_exit 1 env JARBAKE_STREAM=1 "$JARBAKE" -m "$TMP/m.json" verify --format json "$TMP/img.tar"
cmp -s "$TMP/out" "$TMP/offsets.json" || fail "JARBAKE_STREAM=1 changed verify's report"
