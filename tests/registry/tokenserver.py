#!/usr/bin/env python3
"""A small bearer token service for docker-registry's "auth: token:" mode.

Issues JWTs signed RS256 with a real key (openssl does the signing), the
signing certificate in the x5c header so the registry verifies it against
its rootcertbundle. Users come from --user NAME:PASSWORD; a user named in
--expired gets tokens that expired an hour ago; a wrong password is HTTP
401; anonymous requests get "pull" on repositories under public/ only.
Each request is logged as one line (never a password).

    tokenserver.py --port-file F --key K --cert C --issuer I --log L
                   [--user alice:secret]... [--expired late]
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_b64(cert_pem):
    out = subprocess.run(["openssl", "x509", "-outform", "DER"], input=cert_pem,
                         capture_output=True, check=True).stdout
    return base64.b64encode(out).decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--issuer", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--user", action="append", default=[])
    ap.add_argument("--expired", action="append", default=[])
    a = ap.parse_args()
    users = dict(u.split(":", 1) for u in a.user)
    with open(a.cert, "rb") as f:
        x5c = [der_b64(f.read())]
    log = open(a.log, "a", buffering=1)

    def sign(claims):
        header = {"alg": "RS256", "typ": "JWT", "x5c": x5c}
        signing_input = (b64url(json.dumps(header).encode()) + "." +
                         b64url(json.dumps(claims).encode())).encode()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", a.key],
                             input=signing_input, capture_output=True,
                             check=True).stdout
        return signing_input.decode() + "." + b64url(sig)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if code == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="token"')
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            q = urllib.parse.parse_qs(url.query)
            user = None
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                try:
                    name, pw = base64.b64decode(auth[6:]).decode().split(":", 1)
                except Exception:
                    name, pw = "", None
                if users.get(name) != pw:
                    log.write("refused user=%s scope=%s\n" % (name, ",".join(q.get("scope", []))))
                    return self.reply(401, {"errors": [{"code": "UNAUTHORIZED"}]})
                user = name
            elif auth:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED"}]})
            access = []
            for scope in q.get("scope", []):
                parts = scope.split(":")
                if len(parts) != 3 or parts[0] != "repository":
                    continue
                actions = parts[2].split(",")
                if user is None:
                    actions = [x for x in actions if x == "pull"] if parts[1].startswith("public/") else []
                access.append({"type": "repository", "name": parts[1], "actions": actions})
            now = int(time.time())
            exp = now - 3600 if user in a.expired else now + 300
            claims = {"iss": a.issuer, "sub": user or "", "aud": q.get("service", [""])[0],
                      "exp": exp, "nbf": min(exp, now) - 10, "iat": min(exp, now) - 10,
                      "jti": b64url(os.urandom(12)), "access": access}
            log.write("token user=%s service=%s scope=%s expired=%s\n" % (
                user or "anonymous", claims["aud"], ",".join(q.get("scope", [])), exp < now))
            token = sign(claims)
            self.reply(200, {"token": token, "access_token": token, "expires_in": 300,
                             "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
