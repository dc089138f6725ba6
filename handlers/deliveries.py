"""Each Slack event is handled once, however many times Slack delivers it.

Slack re-sends an event (same `event_id`, `X-Slack-Retry-Num` set) when it did not see
the acknowledgement in time or the delivery failed. Every first delivery records its
event id in the database, and a retry is handled only if no delivery recorded it first,
so a retry is dropped even when it reaches another bot process.

The first delivery records its id on the listener pool, after the acknowledgement: on
SQLite a write can wait behind the listeners' own writes, and the ack must never wait
(measured in bench/slack_app.py). Slack retries seconds later, long after that write.
Retries, which are rare, claim the id before they are acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.context import AppContext
from bot.db import session_scope
from bot.events import claim, event_key

logger = logging.getLogger(__name__)


def register(app: App, ctx: AppContext) -> None:
    """Add the middleware that drops repeated event deliveries."""
    pool = app.listener_runner.listener_executor

    def record(key: str) -> bool:
        with session_scope(ctx.engine) as session:
            return claim(session, key=key, now=ctx.clock.now())

    @app.middleware
    def skip_repeated_events(
        body: dict[str, Any], request: BoltRequest, next_: Callable[[], BoltResponse]
    ) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next_()
        key = event_key(str(event_id))
        if not request.headers.get("x-slack-retry-num"):
            pool.submit(record, key).add_done_callback(_log_failure)
        elif not record(key):
            logger.info("event %s already handled: acknowledging Slack's retry", event_id)
            return BoltResponse(status=200, body="")
        return next_()


def _log_failure(future: Future[bool]) -> None:
    """A first delivery that could not be recorded is still handled; say so in the log."""
    error = future.exception()
    if error is not None:
        logger.error("could not record an event delivery", exc_info=error)
