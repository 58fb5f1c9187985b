#!/usr/bin/env python3
"""A reverse proxy of ours in front of docker-registry, for what a plain
registry does not do on demand:

  --fail-status CODE --fail-count N [--retry-after S]
        the first N manifest requests answer CODE (429, 503...), with a
        Retry-After header when S is given; --fail-count -1: all of them
  --cut-blobs N [--no-range]
        the first response of each of the first N blobs stops half way
        (the connection closes after half the body; N >= 1000: every
        response of every blob); with --no-range the Range header of the
        retry is dropped, so the registry sends the whole blob again
  --pad-blobs N
        gzip blob (layer) responses carry N bytes more than the blob
  --redirect-blobs
        blob requests are fetched from the registry (with the client's
        Authorization) and answered with a 307 to a storage server of
        ours on 127.0.0.2, another origin, which logs whether the
        request carried an Authorization header

Every request is logged as one line: method, path, status, the time and
whether an Authorization header came (never its value); a request that is
not HTTP (a TLS handshake) as "BAD" with its first byte.
"""
import argparse
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PASS_HEADERS = ("Content-Type", "Docker-Content-Digest", "WWW-Authenticate",
                "Docker-Distribution-Api-Version", "Location", "Content-Range")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--fail-status", type=int, default=0)
    ap.add_argument("--fail-count", type=int, default=0)
    ap.add_argument("--retry-after")
    ap.add_argument("--redirect-blobs", action="store_true")
    ap.add_argument("--cut-blobs", type=int, default=0)
    ap.add_argument("--pad-blobs", type=int, default=0)
    ap.add_argument("--no-range", action="store_true")
    a = ap.parse_args()
    log = open(a.log, "a", buffering=1)
    lock = threading.Lock()
    state = {"failed": 0, "cut": 0}
    stored = {}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def upstream(handler, path):
        req = urllib.request.Request(a.upstream + path)
        for h in ("Authorization", "Accept") + (() if a.no_range else ("Range",)):
            if handler.headers.get(h):
                req.add_header(h, handler.headers[h])
        try:
            r = opener.open(req)
            return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    class Storage(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            data = stored.get(self.path)
            log.write("storage GET %s auth=%s\n" % (
                self.path, "yes" if self.headers.get("Authorization") else "no"))
            if data is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    storage = ThreadingHTTPServer(("127.0.0.2", 0), Storage)
    threading.Thread(target=storage.serve_forever, daemon=True).start()

    class Front(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            # what is not HTTP, as a TLS handshake (first byte 0x16)
            first = self.raw_requestline[:1].hex() if self.raw_requestline else ""
            log.write("%.3f BAD %d first-byte=%s\n" % (time.time(), code, first))
            super().send_error(code, message, explain)

        def send(self, code, headers, body):
            self.send_response(code)
            for h in PASS_HEADERS:
                if headers is not None and headers.get(h):
                    self.send_header(h, headers[h])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            auth = "yes" if self.headers.get("Authorization") else "no"
            if "/manifests/" in self.path and a.fail_status:
                with lock:
                    fail = a.fail_count < 0 or state["failed"] < a.fail_count
                    if fail:
                        state["failed"] += 1
                if fail:
                    log.write("%.3f GET %s %d auth=%s\n" % (time.time(), self.path, a.fail_status, auth))
                    self.send_response(a.fail_status)
                    if a.retry_after:
                        self.send_header("Retry-After", a.retry_after)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            code, headers, body = upstream(self, self.path)
            log.write("%.3f GET %s %d auth=%s range=%s\n" % (
                time.time(), self.path, code, auth, self.headers.get("Range", "-")))
            if a.pad_blobs and "/blobs/" in self.path and code == 200 and body[:2] == b"\x1f\x8b":
                body += b"\0" * a.pad_blobs
            if a.cut_blobs and "/blobs/" in self.path and code in (200, 206) and len(body) > 1:
                with lock:
                    seen = state.setdefault("paths", set())
                    cut = state["cut"] < a.cut_blobs and self.path not in seen
                    if a.cut_blobs >= 1000:
                        cut = True
                    if cut:
                        state["cut"] += 1
                        seen.add(self.path)
                if cut:
                    self.send_response(code)
                    for h in PASS_HEADERS:
                        if headers.get(h):
                            self.send_header(h, headers[h])
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    log.write("cut %s after %d of %d bytes\n" % (self.path, len(body) // 2, len(body)))
                    return
            if a.redirect_blobs and "/blobs/" in self.path and code == 200:
                key = "/data/" + os.urandom(8).hex()
                stored[key] = body
                self.send_response(307)
                self.send_header("Location", "http://127.0.0.2:%d%s" % (storage.server_address[1], key))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send(code, headers, body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Front)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
