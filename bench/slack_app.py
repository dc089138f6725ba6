"""How quickly the app acknowledges Slack, and how quickly it answers, over real HTTP.

    .venv/bin/python bench/slack_app.py [--questions 300] [--concurrency 8] [--database-url URL]

Serves the real app (waitress) against the Slack emulator (in this process), loads the
example programme, then sends `--questions` signed DM events ("when is module N?") from
`--concurrency` threads, as Slack would. Reported: the acknowledgement time
(request sent → HTTP 200, which Slack needs within 3 s), the answer time (request sent →
the reply stored by the emulator), both as p50/p95/max, and the count of answers (each
question must get exactly one). `--database-url` must be a scratch database: the bench
creates Cohort's tables there and loads the example programme (default: a temporary SQLite).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers the tables)
from bot import slack_requests as sr
from bot.app import HttpServer, create_app, wsgi_app
from bot.clock import SystemClock
from bot.db import make_engine, session_scope
from bot.loader import load_programme_path
from bot.sandbox.seed import seed_emulator
from bot.settings import Settings
from bot.slack_emulator import BOT_TOKEN, BOT_USER_ID, Notice, SlackEmulator

REPO = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    median, worst = statistics.median(ordered), ordered[-1]
    return f"p50 {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {worst * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # waitress warns of queued requests: measured here
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with session_scope(engine) as session:
        load_programme_path(session, path=REPO / "examples" / "programme.yaml")

    emulator = SlackEmulator().start()
    with session_scope(engine) as session:
        seed_emulator(emulator, session)
    settings = Settings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
        slack_api_url=emulator.api_url, database_url=url,
    )  # fmt: skip
    app, _ = create_app(settings, engine=engine, clock=SystemClock())
    server = HttpServer(wsgi_app(app, engine)).start()
    sender = sr.SlackSender(server.events_url, SECRET)
    user = "U0EXPART01"
    channel = emulator.im_channel(user)

    acks: list[float] = []
    lock = threading.Lock()
    sent_at: dict[str, float] = {}

    def ask(i: int) -> None:
        text = f"when is module {i % 6 + 1}?"
        asked = emulator.post_as_user(user, channel, text)
        event = sr.message_event(user=user, channel=channel, text=text, ts=asked["ts"])
        start = time.perf_counter()
        with lock:
            sent_at[asked["ts"]] = start
        reply = sender.send_event(sr.event_callback(event))
        assert reply.status == 200, reply
        with lock:
            acks.append(time.perf_counter() - start)

    answered: dict[str, float] = {}

    def note_answer(notice: Notice) -> None:
        message = notice.message or {}
        if notice.kind == "message" and message.get("user") == BOT_USER_ID:
            with lock:
                answered.setdefault(message.get("thread_ts", ""), time.perf_counter())

    emulator.on_message(note_answer)
    began = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(ask, range(args.questions)))
    emulator.wait_for(lambda _: len(answered) >= args.questions, timeout=120, what="answers")
    replies = [m for m in emulator.messages(channel) if m.get("user") == BOT_USER_ID]
    total = time.perf_counter() - began
    answer_times = [answered[ts] - sent_at[ts] for ts in answered if ts in sent_at]

    backend = engine.url.get_backend_name()
    print(f"{args.questions} DM questions, {args.concurrency} concurrent senders, {backend}")
    print(f"  acknowledged: {percentiles(acks)} (Slack needs < 3000 ms)")
    print(f"  answered:     {percentiles(answer_times)}")
    rate = args.questions / total
    print(f"  answers: {len(replies)} for {args.questions} questions; {rate:.0f} questions/s")

    server.stop()
    emulator.stop()


if __name__ == "__main__":
    main()
