#!/usr/bin/env python3
"""A real SMTP server for the e-mail tests (server/tests/outbox.rs), on aiosmtpd (PyPI).

    python3 tests/smtp/server.py --port 2525 --dir /tmp/received [--refuse 2]

Listens on 127.0.0.1:PORT (no TLS, no authentication), answers `451` (a transient refusal)
to the first REFUSE recipients it is given, and writes every message it accepts, as received,
to DIR/NNNN.eml (under a temporary name, then renamed: a file there is whole). Prints `ready`
once it listens; stops on SIGTERM, SIGINT or when its standard input closes.
"""

import argparse
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out, refuse):
        self.out = out
        self.refuse = refuse
        self.recipients_seen = 0
        self.accepted = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.recipients_seen += 1
            n = self.recipients_seen
        if n <= self.refuse:
            return "451 4.3.0 Try again later (test refusal %d of %d)" % (n, self.refuse)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.accepted += 1
            n = self.accepted
        path = os.path.join(self.out, "%04d.eml" % n)
        tmp = os.path.join(self.out, ".%04d.eml.tmp" % n)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", type=int, default=0, help="answer 451 to the first N recipients")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Handler(args.dir, args.refuse), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
