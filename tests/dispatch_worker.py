"""A dispatcher in its own process, for the multi-process tests: `python -m tests.dispatch_worker`.

Arguments: DATABASE_URL SLACK_API_URL TOKEN START_AT (epoch seconds to start at, so
several workers begin together). Drains the outbox and prints its counts as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta

from bot.clock import SystemClock
from bot.db import make_engine
from bot.delivery import SlackDelivery, make_client
from bot.dispatch import Dispatcher


def main(database_url: str, api_url: str, token: str, start_at: str) -> None:
    engine = make_engine(database_url)
    delivery = SlackDelivery(make_client(token=token, base_url=api_url, timeout=5))
    # Pacing and backoff are not what this proves: short ones keep the test quick (a busy
    # emulator may reset a connection; the retry then checks Slack before posting again).
    dispatcher = Dispatcher(
        engine=engine,
        sender=delivery,
        clock=SystemClock(),
        batch_size=20,
        channel_interval=0.05,
        retry_base=timedelta(seconds=0.1),
    )
    time.sleep(max(0.0, float(start_at) - time.time()))
    stats = dispatcher.drain(budget=20)
    dispatcher.close()
    sys.stdout.write(json.dumps({"sent": stats.sent, "claimed": stats.claimed}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
