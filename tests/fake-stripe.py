#!/usr/bin/env python3
"""A local stand-in for the Stripe API calls Atrium makes, so the payment
flow runs end to end without the internet (tests and ./install/demo).

It follows Stripe's published shapes for what Atrium uses:

  POST /v1/checkout/sessions       create a Checkout Session (form-encoded,
                                   "Authorization: Bearer sk_...",
                                   Idempotency-Key honoured: the same key
                                   with the same parameters returns the same
                                   session, with other parameters a 400
                                   idempotency_error)
  GET  /v1/checkout/sessions/{id}  retrieve it
  POST /v1/refunds                 refund (part of) a payment_intent; sends
                                   charge.refunded

and, like Stripe, delivers signed events (checkout.session.completed,
payment_intent.succeeded, charge.refunded) to the webhook URL with a
"Stripe-Signature: t=...,v1=..." header (HMAC-SHA256 of "t.body" with the
webhook secret), retrying a failed delivery a few times with a growing
delay.

A person paying (the demo): GET /pay/{id} shows the session's amount and
a "Pay" button; paying completes the session and sends the browser to its
success_url.

For tests:
  POST /_test/complete/{id}        complete the session (as if the card was
                                   charged): marks it paid, makes its
                                   payment_intent, delivers both events once
                                   each; answers {"events": [...],
                                   "payment_intent": "pi_..."} with each
                                   delivery's HTTP status
  POST /_test/redeliver/{event}    deliver that event again (?times=N, at
                                   once in parallel); answers the statuses
  GET  /_test/requests             the API requests received (method, path,
                                   idempotency key, form), newest last
"""

import argparse
import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
SESSIONS = {}       # id -> session object
IDEMPOTENCY = {}    # key -> (params, response body)
EVENTS = {}         # id -> event body (bytes)
INTENTS = {}        # pi id -> {"amount":, "currency":, "refunded":, "metadata":}
REQUESTS = []
ARGS = None


def new_id(prefix):
    return prefix + "_test_" + secrets.token_hex(12)


def sign(body, t=None):
    """The Stripe-Signature header value for body (bytes)."""
    t = int(time.time()) if t is None else t
    mac = hmac.new(ARGS.webhook_secret.encode(), b"%d." % t + body,
                   hashlib.sha256).hexdigest()
    return "t=%d,v1=%s" % (t, mac)


def deliver(body):
    """POSTs one signed event to the webhook URL; its HTTP status (0 if
    unreachable)."""
    req = urllib.request.Request(ARGS.webhook_url, data=body, method="POST")
    req.add_header("Content-Type", "application/json; charset=utf-8")
    req.add_header("Stripe-Signature", sign(body))
    req.add_header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def deliver_retrying(body):
    """Delivers; on failure retries in the background (1, 2, 4... s)."""
    status = deliver(body)
    if not 200 <= status < 300:
        def later():
            for delay in (1, 2, 4, 8):
                time.sleep(delay)
                if 200 <= deliver(body) < 300:
                    return
        threading.Thread(target=later, daemon=True).start()
    return status


def make_event(etype, obj):
    ev = {
        "id": new_id("evt"),
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": etype,
        "data": {"object": obj},
    }
    body = json.dumps(ev, indent=2).encode()
    with LOCK:
        EVENTS[ev["id"]] = body
    return ev["id"], body


def nested_form(pairs):
    """Stripe's form encoding (a[b][c]=v) into nested dicts/lists."""
    out = {}
    for key, value in pairs:
        parts = [key.split("[", 1)[0]]
        if "[" in key:
            parts += [p.rstrip("]") for p in key.split("[", 1)[1].split("[")]
        cur = out
        for i, p in enumerate(parts):
            last = i == len(parts) - 1
            if last:
                cur[p] = value
            else:
                cur = cur.setdefault(p, {})
    return out


def complete(sid):
    """Completes session sid; the events and their delivery statuses."""
    with LOCK:
        s = SESSIONS.get(sid)
        if s is None:
            return None
        if s["payment_status"] == "paid":
            return {"events": [], "payment_intent": s["payment_intent"]}
        pi = new_id("pi")
        s["payment_status"] = "paid"
        s["status"] = "complete"
        s["payment_intent"] = pi
        meta = s.get("_pi_metadata", {})
        INTENTS[pi] = {"amount": s["amount_total"], "currency": s["currency"],
                       "refunded": 0, "metadata": meta}
        session = {k: v for k, v in s.items() if not k.startswith("_")}
    out = []
    eid, body = make_event("checkout.session.completed", session)
    out.append({"id": eid, "type": "checkout.session.completed",
                "status": deliver_retrying(body)})
    intent = {"id": pi, "object": "payment_intent",
              "amount": session["amount_total"],
              "amount_received": session["amount_total"],
              "currency": session["currency"], "status": "succeeded",
              "metadata": meta}
    eid, body = make_event("payment_intent.succeeded", intent)
    out.append({"id": eid, "type": "payment_intent.succeeded",
                "status": deliver_retrying(body)})
    return {"events": out, "payment_intent": pi}


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-stripe/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        if ARGS.verbose:
            sys.stderr.write("fake-stripe: " + fmt % args + "\n")

    def send(self, status, obj, ctype="application/json"):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, etype, message, param=None):
        err = {"type": etype, "message": message}
        if param:
            err["param"] = param
        self.send(status, {"error": err})

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def authorised(self):
        if self.headers.get("Authorization") != "Bearer " + ARGS.secret_key:
            self.error(401, "invalid_request_error",
                       "Invalid API Key provided.")
            return False
        return True

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/v1/checkout/sessions/"):
            if not self.authorised():
                return
            with LOCK:
                s = SESSIONS.get(path.rsplit("/", 1)[1])
                s = None if s is None else {k: v for k, v in s.items()
                                            if not k.startswith("_")}
            if s is None:
                return self.error(404, "invalid_request_error",
                                  "No such checkout.session", "id")
            return self.send(200, s)
        if path.startswith("/pay/"):
            with LOCK:
                s = SESSIONS.get(path[5:])
            if s is None:
                return self.send(404, b"No such session\n", "text/plain")
            page = ("<!doctype html><title>Test checkout</title>"
                    "<h1>Test checkout</h1><p>%s %s (test mode: no card "
                    "is charged)</p><form method=post><button>Pay</button>"
                    "</form>" % ("%.2f" % (s["amount_total"] / 100.0),
                                 s["currency"].upper()))
            return self.send(200, page.encode(), "text/html; charset=utf-8")
        if path == "/_test/requests":
            with LOCK:
                return self.send(200, REQUESTS)
        self.error(404, "invalid_request_error", "Unrecognized request URL")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        raw = self.body()
        if path == "/v1/checkout/sessions":
            return self.create_session(raw)
        if path == "/v1/refunds":
            return self.refund(raw)
        if path.startswith("/pay/"):
            sid = path[5:]
            result = complete(sid)
            if result is None:
                return self.send(404, b"No such session\n", "text/plain")
            with LOCK:
                url = SESSIONS[sid]["success_url"]
            self.send_response(303)
            self.send_header("Location", url)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/_test/complete/"):
            result = complete(path.rsplit("/", 1)[1])
            if result is None:
                return self.send(404, {"error": "no such session"})
            return self.send(200, result)
        if path.startswith("/_test/redeliver/"):
            with LOCK:
                body = EVENTS.get(path.rsplit("/", 1)[1])
            if body is None:
                return self.send(404, {"error": "no such event"})
            times = int(query.get("times", ["1"])[0])
            statuses = [0] * times

            def one(i):
                statuses[i] = deliver(body)
            threads = [threading.Thread(target=one, args=(i,))
                       for i in range(times)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return self.send(200, {"statuses": statuses})
        self.error(404, "invalid_request_error", "Unrecognized request URL")

    def create_session(self, raw):
        if not self.authorised():
            return None
        pairs = urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True)
        key = self.headers.get("Idempotency-Key")
        with LOCK:
            REQUESTS.append({"method": "POST", "path": self.path,
                             "idempotency_key": key, "form": dict(pairs)})
            if key is not None and key in IDEMPOTENCY:
                params, body = IDEMPOTENCY[key]
                if params != pairs:
                    return self.error(400, "idempotency_error",
                                      "Keys for idempotent requests can only "
                                      "be used with the same parameters they "
                                      "were first used with.")
                return self.send(200, body)
        form = nested_form(pairs)
        try:
            item = form["line_items"]["0"]
            price = item["price_data"]
            amount = int(price["unit_amount"]) * int(item.get("quantity", "1"))
            currency = price["currency"]
            success, cancel = form["success_url"], form["cancel_url"]
        except (KeyError, ValueError):
            return self.error(400, "invalid_request_error",
                              "Missing required param: line_items.")
        if form.get("mode") != "payment" or amount <= 0 or \
                len(currency) != 3 or currency.lower() != currency:
            return self.error(400, "invalid_request_error",
                              "Invalid mode, amount or currency.")
        sid = new_id("cs")
        port = self.server.server_address[1]
        session = {
            "id": sid,
            "object": "checkout.session",
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": cancel,
            "client_reference_id": form.get("client_reference_id"),
            "created": int(time.time()),
            "currency": currency,
            "customer_email": form.get("customer_email"),
            "expires_at": int(time.time()) + 86400,
            "livemode": False,
            "metadata": form.get("metadata", {}),
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": success,
            "url": "http://127.0.0.1:%d/pay/%s" % (port, sid),
            "_pi_metadata": form.get("payment_intent_data", {}).get(
                "metadata", {}),
        }
        public = {k: v for k, v in session.items() if not k.startswith("_")}
        body = json.dumps(public).encode()
        with LOCK:
            SESSIONS[sid] = session
            if key is not None:
                IDEMPOTENCY[key] = (pairs, body)
        return self.send(200, body)

    def refund(self, raw):
        if not self.authorised():
            return None
        form = dict(urllib.parse.parse_qsl(raw.decode()))
        pi = form.get("payment_intent")
        with LOCK:
            it = INTENTS.get(pi)
            if it is None:
                return self.error(400, "invalid_request_error",
                                  "No such payment_intent", "payment_intent")
            amount = int(form.get("amount", it["amount"] - it["refunded"]))
            if amount <= 0 or it["refunded"] + amount > it["amount"]:
                return self.error(400, "invalid_request_error",
                                  "Refund amount is greater than the "
                                  "charge's unrefunded amount.", "amount")
            it["refunded"] += amount
            charge = {"id": new_id("ch"), "object": "charge",
                      "amount": it["amount"],
                      "amount_refunded": it["refunded"],
                      "currency": it["currency"], "payment_intent": pi,
                      "refunded": it["refunded"] == it["amount"],
                      "metadata": it["metadata"]}
        refund = {"id": new_id("re"), "object": "refund", "amount": amount,
                  "currency": charge["currency"], "payment_intent": pi,
                  "status": "succeeded"}
        eid, body = make_event("charge.refunded", charge)
        # Like Stripe: the event follows the answer, not inside it.
        threading.Thread(target=lambda: (time.sleep(0.2),
                                         deliver_retrying(body)),
                         daemon=True).start()
        return self.send(200, refund)


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--secret-key", required=True)
    p.add_argument("--webhook-secret", required=True)
    p.add_argument("--webhook-url", required=True)
    p.add_argument("--pidfile")
    p.add_argument("--verbose", action="store_true")
    ARGS = p.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    srv.daemon_threads = True
    if ARGS.pidfile:
        with open(ARGS.pidfile + ".tmp", "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(ARGS.pidfile + ".tmp", ARGS.pidfile)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
