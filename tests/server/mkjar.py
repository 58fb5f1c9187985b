#!/usr/bin/env python3
"""Writes a small real JAR for tests and benchmarks.

    mkjar.py OUT GROUP ARTIFACT VERSION [--size BYTES] [--seed N]
             [--no-pom] [--pom-version V] [--stored]

The JAR holds META-INF/MANIFEST.MF, META-INF/maven/GROUP/ARTIFACT/
pom.properties (unless --no-pom; with the version --pom-version, else
VERSION) and class-like entries of random bytes adding up to about BYTES.
--stored keeps them uncompressed (fast to build large ones).
"""
import argparse
import random
import zipfile

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("group")
ap.add_argument("artifact")
ap.add_argument("version")
ap.add_argument("--size", type=int, default=20000)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--no-pom", action="store_true")
ap.add_argument("--pom-version")
ap.add_argument("--stored", action="store_true")
a = ap.parse_args()

rnd = random.Random("%s:%s:%s:%d" % (a.group, a.artifact, a.version, a.seed))
method = zipfile.ZIP_STORED if a.stored else zipfile.ZIP_DEFLATED
fixed = (1980, 1, 1, 0, 0, 0)


def add(z, name, data):
    info = zipfile.ZipInfo(name, fixed)
    info.compress_type = method
    z.writestr(info, data)


with zipfile.ZipFile(a.out, "w") as z:
    add(z, "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\r\nCreated-By: jarbake tests\r\n\r\n")
    if not a.no_pom:
        add(z, "META-INF/maven/%s/%s/pom.properties" % (a.group, a.artifact),
            "groupId=%s\nartifactId=%s\nversion=%s\n" % (
                a.group, a.artifact, a.pom_version or a.version))
    left, i = a.size, 0
    piece = 1 << 20 if a.size > (8 << 20) else 4096
    while left > 0:
        n = min(piece, left)
        add(z, "%s/C%d.class" % (a.artifact.replace("-", "/"), i),
            rnd.randbytes(n))
        left -= n
        i += 1
