"""Introductions and mentor prompts through the outbox, delivered to the Slack emulator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.clock import ManualClock
from bot.db import session_scope
from bot.delivery import SlackDelivery, make_client
from bot.dispatch import Dispatcher
from bot.loader import load_programme_path
from bot.matching.pairs import log_meeting
from bot.matching.prompts import prompt_key_prefix
from bot.matching.service import intro_key, queue_introductions
from bot.models import (
    Membership,
    MentorMatch,
    Module,
    Person,
    Programme,
    Reflection,
    ScheduledMessage,
)
from bot.planning import plan_all
from bot.slack_emulator import SlackEmulator
from tests.matching.helpers import load_and_apply, match_of, outbox_row, seed_people

MARGARET, DANIEL = "U07LLPM0001", "U07LLPP0002"
APPROVED = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)


@dataclass
class World:
    db: Engine
    slack: SlackEmulator
    clock: ManualClock
    dispatcher: Dispatcher
    slug: str

    def plan_and_send(self) -> int:
        with session_scope(self.db) as session:
            plan_all(session, now=self.clock.now())
        return self.dispatcher.drain(budget=5).sent

    def programme(self) -> Programme:
        with session_scope(self.db) as session:
            return session.exec(select(Programme).where(Programme.slug == self.slug)).one()


@pytest.fixture
def world(
    db: Engine, emulator: SlackEmulator, clock: ManualClock, shared_example_file: Path
) -> Iterator[World]:
    """The shared example, its people in Slack, matches approved at 10:00 on 4 January."""
    seed_people(emulator, shared_example_file)
    clock.set(APPROVED)
    slug = load_and_apply(db, shared_example_file, now=APPROVED)
    client = make_client(token=emulator.bot_token, base_url=emulator.api_url, timeout=2)
    dispatcher = Dispatcher(
        engine=db,
        sender=SlackDelivery(client),
        clock=clock,
        sleep=lambda seconds: clock.advance(timedelta(seconds=seconds)),
    )
    yield World(db, emulator, clock, dispatcher, slug)
    dispatcher.close()


def test_each_pair_is_introduced_once_in_a_group_dm(world: World) -> None:
    """One group DM per pair: why, the mentee's goals and challenges, an agenda, a button."""
    world.dispatcher.drain(budget=5)
    match = match_of(world.db, DANIEL)
    assert match.id is not None
    row = outbox_row(world.db, intro_key(world.programme(), match.id))
    assert row.status == "sent"
    assert row.slack_channel is not None
    assert row.slack_channel.startswith("G")  # an MPIM: the bot, the mentor and the mentee
    opened = [c for c in world.slack.calls_to("conversations.open") if "," in str(c["users"])]
    assert {frozenset(str(c["users"]).split(",")) for c in opened} >= {
        frozenset({MARGARET, DANIEL})
    }
    [intro] = world.slack.messages(row.slack_channel)
    text = str(intro["blocks"])
    assert f"<@{MARGARET}>, meet <@{DANIEL}>" in intro["text"]
    assert "chief executive role" in text
    assert "finance" in text
    assert "integration with health" in text  # Daniel's challenges, shared by default
    assert "suggested agenda for your first meeting" in text
    assert "every 3 weeks" in text
    assert "mentoring_log_meeting" in text
    # Queuing again (a second approval, a retry) sends nothing new.
    with session_scope(world.db) as session:
        programme = session.exec(select(Programme)).one()
        again = session.exec(select(MentorMatch)).all()
        assert (
            queue_introductions(
                session, programme=programme, matches=list(again), now=world.clock.now()
            )
            == 0
        )
    assert world.dispatcher.drain(budget=5).sent == 0
    assert len(world.slack.messages(row.slack_channel)) == 1


def test_an_intro_keeps_the_mentees_profile_private_when_they_chose_so(
    db: Engine, emulator: SlackEmulator, clock: ManualClock, shared_example_file: Path
) -> None:
    """With share_profile_with_mentor off the intro names the themes but not the profile."""
    seed_people(emulator, shared_example_file)
    clock.set(APPROVED)
    with session_scope(db) as session:
        load_programme_path(session, path=shared_example_file)
    with session_scope(db) as session:
        daniel = session.exec(
            select(Membership).join(Person).where(Person.slack_id == DANIEL)
        ).one()
        daniel.share_profile_with_mentor = False
    load_and_apply(db, shared_example_file, now=APPROVED)
    client = make_client(token=emulator.bot_token, base_url=emulator.api_url, timeout=2)
    dispatcher = Dispatcher(
        engine=db,
        sender=SlackDelivery(client),
        clock=clock,
        sleep=lambda s: clock.advance(timedelta(seconds=s)),
    )
    try:
        dispatcher.drain(budget=5)
    finally:
        dispatcher.close()
    match = match_of(db, DANIEL)
    assert match.id is not None
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
    row = outbox_row(db, intro_key(programme, match.id))
    assert row.slack_channel is not None
    [intro] = emulator.messages(row.slack_channel)
    text = str(intro["blocks"])
    assert "chief executive role" in text  # why they were matched
    assert "integration with health" not in text
    assert "workforce shortages" not in text
    assert "will share their goals with you when you meet" in text


def test_mentor_prompt_every_three_weeks_with_shared_reflections_only(world: World) -> None:
    """The prompt comes 3 weeks on at 09:30, shows the module and only shared reflections."""
    world.dispatcher.drain(budget=5)  # the introductions
    match = match_of(world.db, DANIEL)
    assert match.id is not None
    prefix = prompt_key_prefix(world.programme(), match.id)
    world.plan_and_send()
    with session_scope(world.db) as session:
        queued = session.exec(
            select(ScheduledMessage).where(
                col_startswith(prefix), ScheduledMessage.status == "queued"
            )
        ).all()
        assert [r.due_at for r in queued] == [datetime(2027, 1, 25, 9, 30, tzinfo=UTC)]
        assert queued[0].target == MARGARET
        daniel = session.exec(select(Person).where(Person.slack_id == DANIEL)).one()
        module = session.exec(select(Module).where(Module.number == 1)).one()
        other = session.exec(select(Module).where(Module.number == 2)).one()
        assert daniel.id is not None
        assert module.id is not None
        assert other.id is not None
        written = datetime(2027, 1, 18, 12, 0, tzinfo=UTC)
        session.add(
            Reflection(
                programme_id=match.programme_id,
                module_id=module.id,
                person_id=daniel.id,
                answers={"insight": "Systems need patience."},
                share_with_mentor=True,
                submitted_at=written,
                updated_at=written,
            )
        )
        session.add(
            Reflection(
                programme_id=match.programme_id,
                module_id=other.id,
                person_id=daniel.id,
                answers={"insight": "KEEP THIS PRIVATE"},
                share_with_mentor=False,
                submitted_at=written,
                updated_at=written,
            )
        )
    world.clock.set(datetime(2027, 1, 25, 9, 30, tzinfo=UTC))
    world.plan_and_send()  # module reminders and check-ins go too
    [prompt] = daniel_prompts(world)
    text = str(prompt["blocks"])
    assert prompt["text"].startswith("How are things going with Daniel Price?")
    assert "You have not logged a meeting yet." in prompt["text"]
    assert "Module 1, Leading in the System" in text
    assert "Systems need patience." in text
    assert "KEEP THIS PRIVATE" not in text
    assert "mentoring_log_meeting" in text
    assert "mentoring_not_yet" in text


def test_logging_a_meeting_moves_the_next_prompt(world: World) -> None:
    """A meeting logged by the mentee restarts the count: the queued prompt is replaced."""
    match = match_of(world.db, DANIEL)
    assert match.id is not None
    prefix = prompt_key_prefix(world.programme(), match.id)
    world.plan_and_send()
    world.clock.set(datetime(2027, 1, 20, 18, 0, tzinfo=UTC))
    with session_scope(world.db) as session:
        log_meeting(
            session,
            match_id=match.id,
            slack_id=DANIEL,
            met_on=date(2027, 1, 20),
            topics="Board papers",
            next_on=date(2027, 2, 10),
            now=world.clock.now(),
        )
    world.plan_and_send()
    with session_scope(world.db) as session:
        rows = session.exec(select(ScheduledMessage).where(col_startswith(prefix))).all()
        by_status = {(r.status, r.due_at) for r in rows}
    assert by_status == {
        ("cancelled", datetime(2027, 1, 25, 9, 30, tzinfo=UTC)),
        ("queued", datetime(2027, 2, 10, 9, 30, tzinfo=UTC)),
    }
    world.clock.set(datetime(2027, 2, 10, 9, 30, tzinfo=UTC))
    world.plan_and_send()
    [prompt] = daniel_prompts(world)
    assert "You last met on Wednesday 20 January 2027." in prompt["text"]
    assert "Board papers" not in str(prompt)  # topics stay in the log, not re-broadcast


def daniel_prompts(world: World) -> list[dict]:
    """Margaret's prompts about Daniel (she mentors Amara too)."""
    messages = world.slack.messages(world.slack.im_channel(MARGARET))
    return [m for m in messages if "Daniel Price" in m["text"]]


def col_startswith(prefix: str) -> Any:
    """A WHERE clause: outbox keys starting with `prefix`."""
    return col(ScheduledMessage.key).startswith(prefix)
