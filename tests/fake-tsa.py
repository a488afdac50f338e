#!/usr/bin/env python3
"""A local RFC 3161 timestamp authority for the test stack, so the
e-signature plugin's timestamped seal runs end to end without the
internet.

At start it makes, in --dir, a test CA (ca.crt, what the plugin's
tsa-ca-file names), a TSA key and certificate signed by it (extended key
usage timeStamping, critical) and the configuration `openssl ts` needs,
then writes --pidfile.  It answers:

  POST /            a TimeStampReq (Content-Type application/timestamp-query):
                    the TimeStampResp `openssl ts -reply` makes for it
                    (application/timestamp-reply)

and for tests:

  POST /_test/mode/{ok|fail|slow|garbage}
                    how the next requests are answered: as a TSA, HTTP 503,
                    after 30 seconds (a TSA that times out), or with bytes
                    that are no timestamp response
  GET  /_test/count the timestamp requests answered so far
"""

import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time

STATE = {"mode": "ok", "count": 0}
LOCK = threading.Lock()


def run(args, cwd):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def make_tsa(d):
    """The CA, the TSA's key and certificate, and openssl ts' config."""
    os.makedirs(d, exist_ok=True)
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj",
         "/CN=Atrium Test TSA CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"], d)
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
         "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Atrium Test TSA"], d)
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=critical,timeStamping\n")
    run(["openssl", "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt",
         "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.crt",
         "-days", "30", "-extfile", "ext.cnf"], d)
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(d, "tsa.cnf"), "w") as f:
        f.write(f"""[ tsa ]
default_tsa = tsa_config1

[ tsa_config1 ]
dir = {d}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "fake-tsa/1"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-tsa: " + (fmt % args) + "\n")

    def answer(self, code, ctype, body):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_test/count":
            with LOCK:
                n = STATE["count"]
            self.answer(200, "text/plain", f"{n}\n".encode())
            return
        self.answer(404, "text/plain", b"not found\n")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n > 0 else b""
        if self.path.startswith("/_test/mode/"):
            mode = self.path[len("/_test/mode/"):]
            if mode not in ("ok", "fail", "slow", "garbage"):
                self.answer(400, "text/plain", b"bad mode\n")
                return
            with LOCK:
                STATE["mode"] = mode
            self.answer(200, "text/plain", mode.encode() + b"\n")
            return
        if self.path != "/":
            self.answer(404, "text/plain", b"not found\n")
            return
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.answer(415, "text/plain", b"not a timestamp query\n")
            return
        with LOCK:
            mode = STATE["mode"]
        if mode == "fail":
            self.answer(503, "text/plain", b"unavailable\n")
            return
        if mode == "slow":
            time.sleep(30)
            self.answer(503, "text/plain", b"too late\n")
            return
        if mode == "garbage":
            self.answer(200, "application/timestamp-reply", b"\x30\x03abc")
            return
        d = self.server.tsa_dir
        with LOCK, tempfile.TemporaryDirectory(dir=d) as t:
            q = os.path.join(t, "req.tsq")
            r = os.path.join(t, "resp.tsr")
            with open(q, "wb") as f:
                f.write(body)
            p = subprocess.run(["openssl", "ts", "-reply", "-config",
                                os.path.join(d, "tsa.cnf"), "-queryfile", q,
                                "-out", r], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            if p.returncode != 0:
                sys.stderr.write(p.stderr.decode(errors="replace"))
                self.answer(400, "text/plain", b"bad query\n")
                return
            with open(r, "rb") as f:
                resp = f.read()
            STATE["count"] += 1
        self.answer(200, "application/timestamp-reply", resp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--pidfile", required=True)
    a = ap.parse_args()
    d = os.path.abspath(a.dir)
    make_tsa(d)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.tsa_dir = d
    with open(a.pidfile + ".tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.rename(a.pidfile + ".tmp", a.pidfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
