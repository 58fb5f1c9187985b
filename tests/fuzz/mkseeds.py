#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz harness into tests/fuzz/corpus/.

    tests/fuzz/mkseeds.py [CORPUS_DIR]

Seeds are real shapes, small: the repository's manifests, JARs and image
layers from tests/fixtures/mkimage.py, image archives and a layout (also
with a FIFO and links), the lint fixtures, ignore patterns, and raw HTTP
answers (ranges, Retry-After, redirects, chunked, truncated). Re-running
it rewrites the same files (names are the SHA-256 of the content).
"""
import hashlib
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))
import mkimage  # noqa: E402
import mkhostile  # noqa: E402

SEP = b"\n\x00JBSEP\x00\n"
LINT_NAMES = ["a.sh", "spark-defaults.conf", "v.yaml", "x.json", "nb.ipynb",
              "Dockerfile", "Makefile", ".env", "job.py", "Job.scala",
              "Jenkinsfile", "x.ini"]


def put(out, harness, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha256(data).hexdigest()[:16]),
              "wb") as f:
        f.write(data)


def lint_seeds(out):
    for dirpath, _, files in os.walk(os.path.join(ROOT, "tests", "lint")):
        for name in files:
            path = os.path.join(dirpath, name)
            if os.path.getsize(path) > 32768:
                continue
            kind = next((i for i, n in enumerate(LINT_NAMES)
                         if name == n or name.endswith(os.path.splitext(n)[1])
                         and os.path.splitext(n)[1]), 0)
            with open(path, "rb") as f:
                put(out, "fuzz_lint", bytes([kind]) + f.read())
    for pat, path in (("**/x", "a/b/x"), ("*.jar", "lib/a.jar"),
                      ("build/", "build"), ("[a-c]?/**/*.conf", "b1/c/d.conf"),
                      ("\\!x", "!x"), ("**/**/**/a*a*c", "a/b/c/aac")):
        put(out, "fuzz_lint_ignore", pat.encode() + b"\n" + path.encode())


def layout_record(name, data):
    return name.encode() + b"\n" + data


def image_seeds(out):
    img = mkimage.simple_image()
    for t in img.tars:
        put(out, "fuzz_layer", t)
        put(out, "fuzz_layer", mkimage.compress(t, "gzip"))
        put(out, "fuzz_layer", mkimage.compress(t, "zstd"))
    for layer in mkimage.overlay_image().tars:
        put(out, "fuzz_layer", layer)
    for files in (mkimage.oci_layout([img]), mkimage.docker25([img]),
                  mkimage.docker_legacy([img]),
                  mkhostile.diamond(mkimage.oci_layout([img]), width=3)):
        with tempfile.NamedTemporaryFile() as tmp:
            data = mkimage.write_tar(tmp.name, files)
        put(out, "fuzz_image_tar", data)
        put(out, "fuzz_image_tar", mkimage.compress(data, "gzip"))
    layout = mkimage.oci_layout([img])
    recs = [layout_record(n, d) for n, d in layout]
    put(out, "fuzz_image_layout", SEP.join(recs))
    # a FIFO as index.json, the config a link out, a layer a link inside
    put(out, "fuzz_image_layout", SEP.join(
        [b"|index.json\n"] + recs[2:]))
    put(out, "fuzz_image_layout", SEP.join(recs + [
        b"@blobs/sha256/zero\n/dev/zero", b"@blobs/sha256/in\n" +
        layout[2][0].split("/")[-1].encode()]))
    put(out, "fuzz_jar", mkimage.make_jar("org.example", "a", "1.0"))
    for jar in mkimage.JARS.values():
        put(out, "fuzz_jar", jar)


def manifest_seeds(out):
    for name in sorted(os.listdir(os.path.join(ROOT, "manifests"))):
        with open(os.path.join(ROOT, "manifests", name), "rb") as f:
            put(out, "fuzz_manifest", f.read())
    put(out, "fuzz_manifest", b'{"schema": 1, "image": {}, "jars": [{}]}')


def http_seeds(out):
    body = mkimage.make_jar("org.example", "a", "1.0")
    n = len(body)
    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % n + body,
        b"HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-%d/%d\r\n"
        b"Content-Length: %d\r\n\r\n" % (n - 1, n, n) + body,
        b"HTTP/1.1 206 Partial\r\nContent-Range: bytes 5-9/*\r\n"
        b"Content-Length: 5\r\n\r\nabcde",
        b"HTTP/1.1 503 Busy\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
        b"Content-Length: 0\r\n\r\n",
        b"HTTP/1.1 429 Slow\r\nRetry-After: 99999999999999999999\r\n\r\n",
        b"HTTP/1.1 302 Found\r\nLocation: /b.jar\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 301 Moved\r\nLocation: https://127.0.0.1:1/x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\ntruncated",
        b"HTTP/1.0 200 OK\r\n\r\nno length, ends at close",
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
        b"garbage\r\n\r\n",
    ]
    for a in answers:
        put(out, "fuzz_http", a)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    lint_seeds(out)
    image_seeds(out)
    manifest_seeds(out)
    http_seeds(out)


if __name__ == "__main__":
    main()
