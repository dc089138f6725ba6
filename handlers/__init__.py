"""Slack listeners, one module per feature, each with `register(app, ctx)`.

`register_listeners` is the one call the app factory makes. Order matters in two places:
`deliveries` first (its middleware drops repeated deliveries before any listener runs)
and `commands` last (its `/cohort` listener answers whatever no feature claimed).
"""

from __future__ import annotations

from slack_bolt import App

from bot.context import AppContext
from handlers import (
    announcements,
    checkins,
    commands,
    deliveries,
    home,
    matching,
    mentoring,
    questions,
)


def register_listeners(app: App, ctx: AppContext) -> None:
    """Register every feature's listeners on `app`."""
    deliveries.register(app, ctx)
    home.register(app, ctx)
    questions.register(app, ctx)
    matching.register(app, ctx)
    mentoring.register(app, ctx)
    checkins.register(app, ctx)
    announcements.register(app, ctx)
    commands.register(app, ctx)  # keep last: the `/cohort` fallback
