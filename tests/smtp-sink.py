#!/usr/bin/env python3
"""A tiny SMTP server for the demo and the tests: accepts every message on
127.0.0.1 and writes each one to a file in --dir, named so that sorting by
name is arrival order, with the envelope recipients in an X-Rcpt line."""
import argparse
import os
import socketserver
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--dir", required=True)
parser.add_argument("--pidfile")
args = parser.parse_args()
counter = [0]


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        rcpt, sender = [], None
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
                else:
                    self.reply("250 sink")
            elif verb == "MAIL":
                sender, rcpt = line[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(line[8:].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    raw = self.rfile.readline(1 << 20)
                    if not raw:
                        return
                    if raw in (b".\r\n", b".\n"):
                        break
                    if raw.startswith(b".."):
                        raw = raw[1:]
                    data.append(raw)
                counter[0] += 1
                name = "%d.%06d.%d.eml" % (time.time(), counter[0], os.getpid())
                tmp = os.path.join(args.dir, "." + name)
                with open(tmp, "wb") as f:
                    f.write(("X-Rcpt: %s\r\n" % ", ".join(rcpt)).encode())
                    f.write(b"".join(data))
                os.rename(tmp, os.path.join(args.dir, name))
                self.reply("250 queued")
            elif verb == "RSET":
                rcpt, sender = [], None
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb == "STAR":
                self.reply("454 TLS not available")
            else:
                self.reply("502 not implemented")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


os.makedirs(args.dir, exist_ok=True)
server = Server(("127.0.0.1", args.port), Handler)
if args.pidfile:
    with open(args.pidfile, "w") as f:
        f.write("%d\n" % os.getpid())
server.serve_forever()
