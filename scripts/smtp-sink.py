#!/usr/bin/env python3
"""A mail relay for the tests: takes every message on 127.0.0.1:PORT and appends it to a file,
one JSON object per line (from, to, Message-ID, subject, body).

--delay SECONDS waits that long after the message's end before answering 250 and writing it
down: a relay that takes the message while its sender dies before hearing the answer, the
window in which Sandan's delivery is at least once rather than exactly once.
Recipients whose address starts with "reject" are refused for good (550).
"""
import argparse
import asyncio
import email
import email.policy
import json
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, delay):
        self.out = out
        self.delay = delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "message_id": message["Message-ID"],
            "subject": str(message["Subject"]),
            "body": message.get_content(),
        }
        # Shielded: once the message's end has come, it is taken even if the sender hangs up
        # (aiosmtpd cancels the handler when the connection drops), as a relay that has
        # committed to it would.
        await asyncio.shield(asyncio.ensure_future(self.take(record)))
        return "250 Message accepted for delivery"

    async def take(self, record):
        await asyncio.sleep(self.delay)
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    controller = Controller(Sink(args.out, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
