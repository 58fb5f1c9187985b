#!/usr/bin/env python3
"""Writes a small, deterministic test JAR.

usage: mkjar.py OUT.jar GROUP ARTIFACT VERSION [CLASS...]

The JAR holds META-INF/MANIFEST.MF, the Maven pom.properties of
GROUP:ARTIFACT:VERSION and one stub .class file per CLASS (a dotted name,
e.g. org.example.Foo). Fixed timestamps: the same arguments give the same
bytes, so a test can pin its SHA-256.
"""
import sys
import zipfile

STAMP = (2020, 1, 1, 0, 0, 0)


def add(z, name, data):
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def main():
    if len(sys.argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    out, group, artifact, version = sys.argv[1:5]
    classes = sys.argv[5:]
    with zipfile.ZipFile(out, "w") as z:
        add(z, "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\r\nCreated-By: jarbake tests\r\n\r\n")
        add(z, "META-INF/maven/%s/%s/pom.properties" % (group, artifact),
            "groupId=%s\nartifactId=%s\nversion=%s\n"
            % (group, artifact, version))
        for c in classes:
            # A class file header (magic, version 55 = Java 11), then filler.
            body = bytes.fromhex("cafebabe00000037") + c.encode()
            add(z, c.replace(".", "/") + ".class", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
