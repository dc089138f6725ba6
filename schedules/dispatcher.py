"""The dispatcher job: sends what the outbox says is due."""

from __future__ import annotations

import logging

from bot.dispatch import Dispatcher

logger = logging.getLogger(__name__)


def dispatch(dispatcher: Dispatcher, budget: float) -> None:
    """Every COHORT_TICK seconds: send every due message, paced per channel, for at most
    `budget` seconds (a little under the tick, so passes do not overlap)."""
    stats = dispatcher.drain(budget=budget)
    if stats.claimed:
        logger.info(
            "dispatch: %d sent, %d retrying, %d rate limited, %d failed, %d skipped",
            stats.sent,
            stats.retried,
            stats.rate_limited,
            stats.failed,
            stats.skipped,
        )
