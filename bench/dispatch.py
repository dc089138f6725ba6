"""How fast the dispatcher drains a big outbox within Slack's limits, and at what CPU cost.

    .venv/bin/python bench/dispatch.py [--database-url URL] [--rate 1.0] [--inject-every 0.25]

Queues 5,000 DMs and 200 channel posts across 20 programmes (25 participants each, 10
announcements each with `--dm`: every participant's DM and every cohort channel get 10
messages), then drains them with one dispatcher against the Slack emulator running in
its own process (so its CPU is not counted as ours). The emulator enforces the
per-channel limit (`--rate` messages per second per channel, Slack's is about 1) with
429 + Retry-After, and answers one extra chat.postMessage with a 429 every
`--inject-every` seconds.

Reported: drain time against the ideal set by the limit ((messages per channel - 1) /
rate: the last of 10 messages to a channel cannot go before 9 s), CPU per message
(`time.process_time` of this process over the drain), 429s seen, and duplicates (keys
posted more than once, counted from what the emulator stored: must be 0).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers the tables)
from bot.announcements import create_announcement
from bot.clock import SystemClock
from bot.db import make_engine, session_scope
from bot.delivery import METADATA_EVENT, SlackDelivery, make_client
from bot.dispatch import Dispatcher, DispatchStats
from bot.models import Membership, Module, Person, Programme, ScheduledMessage

PROGRAMMES, PARTICIPANTS, ANNOUNCEMENTS = 20, 25, 10


def channel_id(p: int) -> str:
    return f"C07BENCH{p:03d}"


def user_id(p: int, n: int) -> str:
    return f"U07B{p:03d}{n:04d}"


# -- the emulator, in its own process ---------------------------------------------------------


def run_emulator(conn: Connection, rate: float, inject_every: float) -> None:
    """Serve the emulator until told to stop; then report what it stored and answered."""
    from http.server import ThreadingHTTPServer

    from bot.slack_emulator import SlackEmulator

    # A deeper listen backlog than the stdlib's 5: with a busy GIL the accept loop lags,
    # and dropped SYNs would cost the client whole seconds of TCP retry, not Slack limits.
    ThreadingHTTPServer.request_queue_size = 1024

    with SlackEmulator() as slack:
        for p in range(PROGRAMMES):
            members = [user_id(p, n) for n in range(PARTICIPANTS)]
            for member in members:
                slack.add_user(member, member.lower())
            slack.add_channel(channel_id(p), f"cohort-{p}", members=members)
        slack.enforce_rate_limit(rate)
        stop = threading.Event()

        def inject() -> None:
            """One extra 429 every `inject_every` seconds of traffic (never piling up)."""
            pending = None
            while not stop.wait(inject_every):
                if pending is None or pending.remaining == 0:
                    pending = slack.inject("chat.postMessage", error="ratelimited", retry_after=1)

        injector = threading.Thread(target=inject, daemon=True)
        conn.send(slack.api_url)
        if conn.recv() == "go":
            injector.start()
        cpu = time.process_time()
        conn.recv()  # "report"
        cpu = time.process_time() - cpu
        stop.set()
        slack.clear_faults()
        keys: Counter[str] = Counter()
        for channel in list(slack.ws.messages):
            for message in slack.messages(channel):
                metadata = message.get("metadata") or {}
                if metadata.get("event_type") == METADATA_EVENT:
                    keys[metadata["event_payload"]["key"]] += 1
        calls = Counter(c.method for c in slack.calls)
        limited = sum(1 for c in slack.calls if c.status == 429)
        conn.send({"keys": dict(keys), "calls": dict(calls), "status_429": limited, "cpu": cpu})


# -- the outbox -------------------------------------------------------------------------------


def seed(database_url: str) -> int:
    """20 programmes, 25 participants each, 10 announcements each (DM + channel)."""
    engine = make_engine(database_url)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        for p in range(PROGRAMMES):
            programme = Programme(slug=f"bench-{p:02d}", name=f"Bench {p}", timezone="Europe/London",
                                  channel=channel_id(p))  # fmt: skip
            session.add(programme)
            session.flush()
            assert programme.id is not None
            session.add(Module(programme_id=programme.id, number=1, title="Later",
                               starts_at=now + timedelta(days=300),
                               ends_at=now + timedelta(days=301)))  # fmt: skip
            for n in range(PARTICIPANTS):
                person = Person(slack_id=user_id(p, n), name=f"Person {p}-{n}")
                session.add(person)
                session.flush()
                assert person.id is not None
                session.add(Membership(programme_id=programme.id, person_id=person.id,
                                       role="participant"))  # fmt: skip
            session.flush()
            for a in range(ANNOUNCEMENTS):
                create_announcement(session, programme=programme, text=f"Update {a} for {p}",
                                    dm=True, due_at=now, created_by=None, now=now)  # fmt: skip
    with session_scope(engine) as session:
        total = session.query(ScheduledMessage).count()
    engine.dispose()
    return total


def drain(database_url: str, api_url: str, concurrency: int) -> tuple[DispatchStats, float, float]:
    engine = make_engine(database_url)
    delivery = SlackDelivery(make_client(token="xoxb-emulator", base_url=api_url, timeout=10))
    dispatcher = Dispatcher(engine=engine, sender=delivery, clock=SystemClock(),
                            concurrency=concurrency)  # fmt: skip
    total = DispatchStats()
    wall, cpu = time.perf_counter(), time.process_time()
    while True:
        stats = dispatcher.drain(budget=30)
        total.add(stats)
        if stats.claimed == 0:
            break
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    dispatcher.close()
    engine.dispose()
    return total, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--rate", type=float, default=1.0, help="messages/s per channel")
    parser.add_argument("--inject-every", type=float, default=0.25, help="s between extra 429s")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        total = seed(url)
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        emulator = context.Process(target=run_emulator,
                                   args=(child, args.rate, args.inject_every))  # fmt: skip
        emulator.start()
        api_url = parent.recv()
        parent.send("go")
        stats, wall, cpu = drain(url, api_url, args.concurrency)
        parent.send("report")
        report: dict[str, Any] = parent.recv()
        emulator.join(timeout=30)
    keys = report["keys"]
    per_channel = ANNOUNCEMENTS
    ideal = (per_channel - 1) / args.rate
    duplicates = sum(count - 1 for count in keys.values() if count > 1)
    result = {
        "database": url.split(":", 1)[0],
        "messages": total,
        "sent": stats.sent,
        "posted_keys": len(keys),
        "duplicates": duplicates,
        "drain_seconds": round(wall, 2),
        "ideal_seconds": round(ideal, 2),
        "vs_ideal": f"{(wall / ideal - 1) * 100:+.1f}%",
        "cpu_ms_per_message": round(cpu * 1000 / max(stats.sent, 1), 3),
        "messages_per_second": round(stats.sent / wall, 1),
        "rate_limited_429": report["status_429"],
        "api_calls": report["calls"],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
