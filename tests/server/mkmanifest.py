#!/usr/bin/env python3
"""Writes a schema-1 manifest for tests.

    mkmanifest.py OUT --repository URL --root DIR [--image NAME] SPEC...

SPEC is NAME=GROUP:ARTIFACT:VERSION for a Maven JAR found under DIR at
the repository layout, or NAME=url:URL:VERSION:LOCALFILE for a URL JAR.
sha256 and size come from the file. Options after the spec, with '+':
  +nopin   no sha256 (and no size)     +nosize  no size
  +sha=HEX a given sha256              +size=N  a given size
"""
import argparse
import hashlib
import json
import os

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--repository", required=True)
ap.add_argument("--root", required=True)
ap.add_argument("--image", default="test-image")
ap.add_argument("specs", nargs="*")
a = ap.parse_intermixed_args()

jars = []
for spec in a.specs:
    spec, *flags = spec.split("+")
    name, what = spec.split("=", 1)
    jar = {"name": name}
    if what.startswith("url:"):
        rest = what[4:]
        local = rest.rsplit(":", 1)[1]
        rest = rest.rsplit(":", 1)[0]
        url, version = rest.rsplit(":", 1)
        jar["url"] = url
        jar["version"] = version
        path = local
    else:
        g, art, v = what.split(":")
        jar["maven"] = what
        path = os.path.join(a.root, g.replace(".", "/"), art, v,
                            "%s-%s.jar" % (art, v))
    data = open(path, "rb").read() if os.path.exists(path) else b""
    if "nopin" not in flags:
        jar["sha256"] = hashlib.sha256(data).hexdigest()
        if "nosize" not in flags:
            jar["size"] = len(data)
    for f in flags:
        if f.startswith("sha="):
            jar["sha256"] = f[4:]
        if f.startswith("size="):
            jar["size"] = int(f[5:])
    jar["purpose"] = "test"
    jars.append(jar)

doc = {
    "schema": 1,
    "image": {"name": a.image, "base": "apache/spark:3.5.1-python3",
              "spark_version": "3.5.1", "scala_version": "2.12",
              "jars_dir": "/opt/spark/jars", "user": "spark"},
    "repository": a.repository,
    "jars": jars,
}
with open(a.out, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
