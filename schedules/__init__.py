"""Scheduled jobs (APScheduler 3.x): the single place every job is registered.

`register_jobs(scheduler, ctx)` is called by `bot.app.create_scheduler`. Each job is one
importable function in a module here, registered with an explicit `id`,
`replace_existing=True`, `coalesce=True`, `max_instances=1` and a misfire grace time.
Both jobs run every `COHORT_TICK` seconds: the planner keeps the outbox in step with the
database, the dispatcher sends what is due. Several processes may run them on one
PostgreSQL database: claims are atomic, so each message still goes once.
"""

from __future__ import annotations

from apscheduler.schedulers.base import BaseScheduler

from bot.context import AppContext
from bot.delivery import SlackDelivery, make_client
from bot.dispatch import Dispatcher
from schedules.dispatcher import dispatch
from schedules.planner import plan


def register_jobs(scheduler: BaseScheduler, ctx: AppContext) -> None:
    """Add every scheduled job to `scheduler`."""
    tick = ctx.settings.tick_seconds
    common = {
        "trigger": "interval",
        "seconds": tick,
        "replace_existing": True,
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": max(int(tick * 4), 60),
    }
    scheduler.add_job(
        plan, id="cohort.planner", name="plan scheduled messages", kwargs={"ctx": ctx}, **common
    )
    client = make_client(
        token=ctx.settings.slack_bot_token or "", base_url=ctx.settings.slack_api_url
    )
    dispatcher = Dispatcher(engine=ctx.engine, sender=SlackDelivery(client), clock=ctx.clock)
    scheduler.add_job(
        dispatch,
        id="cohort.dispatcher",
        name="send due scheduled messages",
        kwargs={"dispatcher": dispatcher, "budget": tick * 0.8},
        **common,
    )
