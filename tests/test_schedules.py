"""The scheduler's jobs: registered once with the agreed options, and really sending."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from bot.clock import ManualClock
from bot.context import AppContext
from bot.db import session_scope
from bot.delivery import METADATA_EVENT
from bot.sandbox.live import LiveApp
from bot.sandbox.seed import seed_emulator
from bot.settings import Settings
from bot.slack_emulator import SlackEmulator
from schedules import register_jobs
from tests.outbox_builders import london


def test_jobs_are_registered_with_explicit_ids_and_options(db: Engine, clock: ManualClock) -> None:
    """Planner and dispatcher: explicit ids, every COHORT_TICK, coalesced, one at a time."""
    scheduler = BackgroundScheduler()
    ctx = AppContext(settings=Settings(tick_seconds=7), engine=db, clock=clock)
    register_jobs(scheduler, ctx)
    register_jobs(scheduler, ctx)  # registering again replaces, never duplicates
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"cohort.planner", "cohort.dispatcher"}
    for job in jobs.values():
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == timedelta(seconds=7)
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 60)


def test_running_scheduler_sends_a_due_reminder(
    programme_db: Engine, emulator: SlackEmulator, clock: ManualClock
) -> None:
    """With the app's scheduler running, the planner queues and the dispatcher posts."""
    with session_scope(programme_db) as session:
        seed_emulator(emulator, session)
    clock.set(london("2027-01-07 09:30"))  # module 1's 14-day reminder is due
    live = LiveApp(
        engine=programme_db,
        clock=clock,
        emulator=emulator,
        scheduler=True,
        settings=Settings(tick_seconds=0.2),
    )
    with live:
        posted = emulator.wait_for(
            lambda e: [
                m
                for m in e.messages("C0EXCOHORT1")
                if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT
            ],
            timeout=10,
            what="the 14-day reminder in the cohort channel",
        )
    assert "Module 1, Leading as Yourself, is in 2 weeks" in posted[0]["text"]
