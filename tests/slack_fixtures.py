"""Slack fixtures: the emulator, and the real app served over HTTP against it.

Imported by tests/conftest.py. A Slack flow test looks like:

    def test_dm_answered(running_app, programme_db, clock):
        slack = running_app(programme_db, clock)
        asked = slack.dm(PARTICIPANT, "when is the first module?")
        assert "21 January" in slack.reply_to(asked)["text"]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from bot.clock import Clock
from bot.db import session_scope
from bot.loader import load_programme_path
from bot.sandbox.live import LiveApp
from bot.sandbox.seed import seed_emulator
from bot.slack_checks import required_scopes
from bot.slack_emulator import SlackEmulator

AMARA, BEN, CHLOE = "U07PART0001", "U07PART0002", "U07ORG00001"
COHORT_CHANNEL, PRIVATE_CHANNEL, OTHER_CHANNEL = "C07COHORT01", "G07PRIVATE1", "C07RANDOM01"


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    """A fresh emulator on a free loopback port with three people and three channels.

    The bot belongs to the cohort channel and the private one, not to #random.
    """
    with SlackEmulator() as slack:
        slack.add_user(AMARA, "amara", "Amara Okafor")
        slack.add_user(BEN, "ben", "Ben Adeyemi")
        slack.add_user(CHLOE, "chloe", "Chloe Hart", email="chloe@example.org")
        slack.add_channel(COHORT_CHANNEL, "cohort-7", members=[AMARA, BEN, CHLOE])
        slack.add_channel(PRIVATE_CHANNEL, "organisers", members=[CHLOE], is_private=True)
        slack.add_channel(OTHER_CHANNEL, "random", members=[AMARA], bot_member=False)
        yield slack


@pytest.fixture
def programme_db(db: Engine, example_file: object) -> Engine:
    """A fresh database (SQLite and PostgreSQL) with the project's example programme loaded."""
    with session_scope(db) as session:
        load_programme_path(session, path=example_file)  # type: ignore[arg-type]
    return db


@pytest.fixture
def running_app(emulator: SlackEmulator) -> Iterator[Callable[..., LiveApp]]:
    """A factory: `running_app(engine, clock)` serves the real app against `emulator`.

    The emulator gets the people and channels of the programmes in the database and only
    the bot scopes manifest.yaml asks for, so a call needing another scope fails.
    Returns a started `LiveApp` (`.dm`, `.mention`, `.command`, `.click`, `.submit`,
    `.open_home`, `.reply_to`, raw `.send_event/.send_command/.send_action`, `.emulator`),
    stopped after the test. `scheduler=True` also starts the scheduler's jobs.
    """
    started: list[LiveApp] = []

    def start(engine: Engine, clock: Clock, *, scheduler: bool = False) -> LiveApp:
        with session_scope(engine) as session:
            seed_emulator(emulator, session)
        emulator.scopes = required_scopes()
        live = LiveApp(engine=engine, clock=clock, emulator=emulator, scheduler=scheduler)
        started.append(live.start())
        return live

    yield start
    for live in started:
        live.stop()
