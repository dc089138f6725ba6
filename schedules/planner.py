"""The planner job: keeps the outbox in step with programmes, modules and settings."""

from __future__ import annotations

from bot.context import AppContext
from bot.db import session_scope
from bot.planning import plan_all


def plan(ctx: AppContext) -> None:
    """Every COHORT_TICK seconds (and after `cohort load`): queue, move or cancel reminders,
    check-ins and announcements so the outbox matches the database (see bot/planning.py)."""
    with session_scope(ctx.engine) as session:
        plan_all(session, now=ctx.clock.now())
