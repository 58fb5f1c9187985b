#!/usr/bin/env python3
"""Serves a directory read-only over HTTP on 127.0.0.1 (loopback only).

usage: serve.py DIR PORTFILE [LOGFILE]

Binds a free port chosen by the kernel, writes it to PORTFILE once the
socket listens (so callers never race), and serves until killed. Used by
scripts/demo.sh and the integration tests as a stand-in Maven repository.
"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):  # one line per request, to the log
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    root, portfile = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        sys.stderr = open(sys.argv[3], "a", buffering=1)
    handler = functools.partial(Handler, directory=os.path.abspath(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, portfile)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
