#!/usr/bin/env python3
"""A loopback HTTP(S) server of JAR files with fault injection, for tests.

    jarserver.py --root DIR --port-file FILE [--log FILE]
                 [--cert PEM --key PEM] [--redirect-base URL]

Serves DIR under /MODE/PATH: the first path segment picks the behaviour
for the JAR at PATH; a suffix after a dot (/reset.t1/...) only makes the
per-path request counters distinct between test cases. Sidecar checksums
(PATH.sha1, PATH.sha256, PATH.sha512) are computed from the JAR unless a
file of that name exists. Every request is logged as one line:
    METHOD PATH range=HEADER status=CODE

JAR modes:
  ok          plain, with Range support          e500x2  two 500s, then ok
  e503        always 503                         r429    429 Retry-After: 1, then ok
  reset       first reply: half the body, then a TCP reset; then ok
  norange     like reset, and Range is ignored (always 200, whole body)
  truncate    always: Content-Length of the whole, half the body, close
  truncate1   the first reply truncated, then ok
  trickle     the body in 4 KiB pieces, 20 ms apart
  slow        the body in 16 KiB pieces, 10 ms apart (about 1.6 MB/s)
  stall       half the body, then silence (until the server stops)
  html        200 with an HTML error page        notfound 404
  loop        302 to itself                      redirect 302 to /ok/PATH
  tohttp      302 to REDIRECT_BASE/ok/PATH
  signed      302 to /notfound/PATH?X-Amz-Credential=...&X-Amz-Signature=...
              (a signed URL, as a release host's CDN answers; then 404)
  badrange    206 with a range that was not asked for
  auth        401 unless Basic credentials jar:secret (also for sidecars)
  drip        Content-Length of the whole, then one byte a second
  endless     200 without a length, then 256 KiB/s of zeros until the
              client hangs up (the body never ends)
  retryafter  always 503 with Retry-After: 120
A request for an absolute URL (a client using this server as its proxy) is
served the same and logged with "proxied" before the path.
Sidecar modes (the JAR itself is ok):
  nosidecar   404 for every sidecar              sha512  also serve .sha512
  badsha1     a wrong .sha1                      badsha256 a wrong .sha256
  sc503       503 for every sidecar
"""
import argparse
import base64
import hashlib
import http.server
import os
import socket
import ssl
import struct
import sys
import threading
import time

STOP = threading.Event()
COUNTS = {}
COUNTS_LOCK = threading.Lock()
LOG_LOCK = threading.Lock()
SIDECARS = {".sha1": hashlib.sha1, ".sha256": hashlib.sha256,
            ".sha512": hashlib.sha512}
HTML = (b"<!DOCTYPE html><html><head><title>Login</title></head>"
        b"<body>Please sign in to continue.</body></html>\n" * 20)


def count(key):
    with COUNTS_LOCK:
        COUNTS[key] = COUNTS.get(key, 0) + 1
        return COUNTS[key]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "jarserver/1"

    def log_message(self, fmt, *args):  # quiet: we keep our own log
        pass

    def log(self, status):
        if not self.server.logfile:
            return
        with LOG_LOCK, open(self.server.logfile, "a") as f:
            f.write("%s %s%s range=%s status=%s\n" % (
                self.command, "proxied " if getattr(self, "proxied", False)
                else "", self.path,
                self.headers.get("Range", "-"), status))

    def reply(self, status, body=b"", headers=None, close=False):
        self.log(status)
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.path.startswith("http://"):
            self.path = "/" + self.path[7:].split("/", 1)[1]
            self.proxied = True
        parts = self.path.split("?")[0].lstrip("/").split("/", 1)
        if len(parts) != 2 or ".." in parts[1].split("/"):
            return self.reply(404, b"not found\n")
        mode = parts[0].split(".")[0]
        rel = parts[1]
        n = count(self.path)
        if mode == "auth" and self.headers.get("Authorization") != \
                "Basic " + base64.b64encode(b"jar:secret").decode():
            return self.reply(401, b"who are you?\n", {
                "WWW-Authenticate": 'Basic realm="jars"'})
        for ext, algo in SIDECARS.items():
            if rel.endswith(ext):
                return self.sidecar(mode, rel[:-len(ext)], ext, algo)
        path = os.path.join(self.server.root, rel)
        if not os.path.isfile(path):
            return self.reply(404, b"not found\n")
        with open(path, "rb") as f:
            data = f.read()
        if mode == "e500x2" and n <= 2:
            return self.reply(500, b"internal error\n")
        if mode == "e503":
            return self.reply(503, b"unavailable\n")
        if mode == "retryafter":
            return self.reply(503, b"later\n", {"Retry-After": "120"})
        if mode == "endless":
            return self.endless()
        if mode == "r429" and n == 1:
            return self.reply(429, b"slow down\n", {"Retry-After": "1"})
        if mode == "html":
            return self.reply(200, HTML, {"Content-Type": "text/html"})
        if mode == "notfound":
            return self.reply(404, b"not found\n")
        if mode == "loop":
            return self.reply(302, b"", {"Location": self.path})
        if mode == "redirect":
            return self.reply(302, b"", {"Location": "/ok/" + rel})
        if mode == "signed":
            return self.reply(302, b"", {
                "Location": "/notfound/" + rel + "?X-Amz-Credential="
                "AKIASIGNEDCRED%2F20261206&X-Amz-Signature=SIGNEDSECRET"})
        if mode == "tohttp":
            return self.reply(302, b"", {
                "Location": self.server.redirect_base + "/ok/" + rel})
        if mode == "badrange" and self.headers.get("Range"):
            body = data[1:]
            return self.reply(206, body, {
                "Content-Range": "bytes 1-%d/%d" % (len(data) - 1,
                                                    len(data))})
        start = 0
        rng = self.headers.get("Range")
        if rng and mode != "norange":
            try:
                start = int(rng.split("=", 1)[1].split("-", 1)[0])
            except (ValueError, IndexError):
                return self.reply(400, b"bad range\n")
            if start >= len(data):
                return self.reply(416, b"", {
                    "Content-Range": "bytes */%d" % len(data)})
        status = 206 if start else 200
        body = data[start:]
        headers = {"Content-Type": "application/java-archive",
                   "Accept-Ranges": "none" if mode == "norange"
                   else "bytes"}
        if start:
            headers["Content-Range"] = "bytes %d-%d/%d" % (
                start, len(data) - 1, len(data))
        if (mode in ("reset", "norange") and n == 1) or mode == "truncate" \
                or (mode == "truncate1" and n == 1) or mode == "stall":
            return self.partial(status, body, headers, mode)
        if mode == "trickle":
            return self.trickle(status, body, headers, 4096, 0.02)
        if mode == "slow":
            return self.trickle(status, body, headers, 16384, 0.01)
        if mode == "drip":
            return self.trickle(status, body, headers, 1, 1.0)
        return self.reply(status, body, headers)

    def head(self, status, length, headers):
        self.log(status)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def partial(self, status, body, headers, mode):
        self.head(status, len(body), headers)
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        if mode == "stall":
            STOP.wait(60)
            return
        if mode in ("reset", "norange"):
            # SO_LINGER 0: close() sends a RST instead of a FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))

    def trickle(self, status, body, headers, piece, pause):
        self.head(status, len(body), headers)
        for i in range(0, len(body), piece):
            if STOP.is_set():
                return
            self.wfile.write(body[i:i + piece])
            self.wfile.flush()
            time.sleep(pause)

    def endless(self):
        self.log(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/java-archive")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = bytes(16384)
        while not STOP.is_set():
            try:
                self.wfile.write(chunk)
                self.wfile.flush()
            except OSError:
                return
            time.sleep(1 / 16)

    def sidecar(self, mode, rel, ext, algo):
        literal = os.path.join(self.server.root, rel + ext)
        if os.path.isfile(literal):
            with open(literal, "rb") as f:
                return self.reply(200, f.read())
        if mode == "sc503":
            return self.reply(503, b"unavailable\n")
        if mode == "nosidecar" or (ext == ".sha512" and mode != "sha512"):
            return self.reply(404, b"not found\n")
        path = os.path.join(self.server.root, rel)
        if not os.path.isfile(path):
            return self.reply(404, b"not found\n")
        with open(path, "rb") as f:
            digest = algo(f.read()).hexdigest()
        if (mode == "badsha1" and ext == ".sha1") or \
                (mode == "badsha256" and ext == ".sha256"):
            digest = algo(b"something else").hexdigest()
        return self.reply(200, (digest + "  " + os.path.basename(rel) +
                                "\n").encode())


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up are part of the tests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--redirect-base", default="")
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = a.root
    srv.logfile = a.log
    srv.redirect_base = a.redirect_base
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        STOP.set()


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    sys.exit(main())
