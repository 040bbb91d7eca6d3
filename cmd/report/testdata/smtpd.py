"""A local SMTP server for report's mail tests, on aiosmtpd.

  python3 smtpd.py --port P --dir D [--mode store|fail5|temp4:N]
                   [--tls CERT KEY [--implicit]] [--auth]

Each message is stored as D/N.eml, and each attempt is logged as a line of
JSON in D/log.jsonl: the attempt's number, whether the session used TLS, the
answer given, and the envelope. --mode fail5 answers 550 to every message;
temp4:N answers 451 to the first N attempts, then accepts; silent:N receives
the first N messages whole (and stores them) but answers nothing after the
final "." for 30 s; reset:N resets the connection (TCP RST) right after its
354 answer to DATA on the first N attempts, in the middle of DATA. --tls offers
STARTTLS with the given certificate, or with --implicit speaks TLS from the
first byte; --auth accepts any login (over TLS).
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import struct
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, folder, mode):
        self.folder = folder
        self.mode = mode
        self.attempts = 0
        self.lock = threading.Lock()

    def next_attempt(self):
        with self.lock:
            self.attempts += 1
            return self.attempts

    def early(self, prefix, n):
        """Whether attempt n is one of the first N of mode prefix:N."""
        return self.mode.startswith(prefix + ":") and n <= int(self.mode.split(":")[1])

    def log(self, server, session, envelope, n, answer):
        with open(os.path.join(self.folder, "log.jsonl"), "a") as f:
            tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
            f.write(json.dumps({"attempt": n, "tls": tls, "answer": answer,
                                "from": envelope.mail_from, "rcpt": envelope.rcpt_tos,
                                "login": session.authenticated}) + "\n")

    async def handle_DATA(self, server, session, envelope):
        n = self.next_attempt()
        answer = "250 OK"
        if self.mode == "fail5":
            answer = "550 5.7.1 Rejected for the test"
        elif self.early("temp4", n):
            answer = "451 4.3.0 Try again later"
        elif self.early("silent", n):
            answer = "(silence)"
        if answer.startswith("250") or answer == "(silence)":
            with open(os.path.join(self.folder, "%d.eml" % n), "wb") as f:
                f.write(envelope.original_content or envelope.content)
        self.log(server, session, envelope, n, answer)
        if answer == "(silence)":
            await asyncio.sleep(30)
            answer = "250 OK"
        return answer


class Server(SMTP):
    async def smtp_DATA(self, arg):
        h = self.event_handler
        if h.mode.startswith("reset:") and self.envelope.rcpt_tos and not arg:
            n = h.next_attempt()
            if h.early("reset", n):
                await self.push("354 End data with <CR><LF>.<CR><LF>")
                h.log(self, self.session, self.envelope, n, "(reset)")
                sock = self.transport.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.transport.abort()
                return
            with h.lock:
                h.attempts -= 1  # handle_DATA counts this attempt
        return await super().smtp_DATA(arg)


class Control(Controller):
    def factory(self):
        return Server(self.handler, **self.SMTP_kwargs)


def accept_any(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--mode", default="store")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", action="store_true")
    p.add_argument("--implicit", action="store_true")
    a = p.parse_args()
    kw = {}
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        if a.implicit:
            kw["ssl_context"] = ctx
        else:
            kw["tls_context"] = ctx
    if a.auth:
        kw["authenticator"] = accept_any
        kw["auth_require_tls"] = bool(a.tls)
    c = Control(Handler(a.dir, a.mode), hostname="127.0.0.1", port=a.port, **kw)
    c.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()  # run until the test closes our stdin
    finally:
        c.stop()


if __name__ == "__main__":
    main()
