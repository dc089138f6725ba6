"""The dispatcher against the Slack emulator over HTTP: sent once, whatever Slack or we do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot import outbox
from bot.announcements import create_announcement
from bot.clock import ManualClock
from bot.db import session_scope
from bot.delivery import METADATA_EVENT, SlackDelivery, make_client
from bot.dispatch import Dispatcher
from bot.messages import render
from bot.models import Programme
from bot.planning import plan_all
from bot.slack_emulator import SlackEmulator
from tests.outbox_builders import build_programme as build
from tests.outbox_builders import london, rows

CHANNEL, ORGANISERS, AMARA, BEN = "C07COHORT01", "G07PRIVATE1", "U07PART0001", "U07PART0002"
KIND = "announcement"


@dataclass
class World:
    db: Engine
    slack: SlackEmulator
    clock: ManualClock
    delivery: SlackDelivery
    dispatcher: Dispatcher
    programme_id: int

    def announce(self, text: str, *, dm: bool = False) -> None:
        with session_scope(self.db) as session:
            programme = session.get(Programme, self.programme_id)
            assert programme is not None
            create_announcement(
                session,
                programme=programme,
                text=text,
                dm=dm,
                due_at=self.clock.now(),
                created_by=None,
                now=self.clock.now(),
            )

    def posts(self, channel: str = CHANNEL) -> list[dict]:
        """Top-level bot messages carrying an outbox key."""
        return [
            m
            for m in self.slack.messages(channel)
            if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT
        ]


@pytest.fixture
def world(db: Engine, emulator: SlackEmulator, clock: ManualClock) -> Iterator[World]:
    """A programme, the emulator, and a dispatcher whose waiting moves the manual clock."""
    programme_id = build(db)
    client = make_client(token=emulator.bot_token, base_url=emulator.api_url, timeout=1)
    delivery = SlackDelivery(client)
    dispatcher = Dispatcher(
        engine=db,
        sender=delivery,
        clock=clock,
        max_attempts=3,
        sleep=lambda seconds: clock.advance(timedelta(seconds=seconds)),
    )
    yield World(db, emulator, clock, delivery, dispatcher, programme_id)
    dispatcher.close()


def plan(world: World) -> None:
    with session_scope(world.db) as session:
        plan_all(session, now=world.clock.now())


def test_module_reminder_posts_details_and_calendar_file(world: World) -> None:
    """The 1-day reminder reaches the channel and each participant's DM, each with its .ics."""
    plan(world)
    world.clock.set(london("2027-01-13 09:30"))
    stats = world.dispatcher.drain(budget=5)
    # The 7-day reminder (due 7 January) is six days late: expired, not sent as "in 1 week".
    assert stats.sent == 3
    assert stats.skipped == 1
    assert stats.failed == 0
    [day] = world.posts()
    assert "tomorrow" in day["text"]
    assert "Thursday 14 January, 9:30 to Friday 15 January 2027, 16:30" in day["text"]
    blocks_text = str(day["blocks"])
    assert "Toynbee Hall" in blocks_text
    assert "Dr Ruth Adeyemi" in blocks_text
    assert "bring one &lt;real&gt; challenge" in blocks_text
    assert day["metadata"]["event_payload"]["key"].startswith("reminder:llp-7:m1:-1d:C07COHORT01@")
    thread = world.slack.thread(CHANNEL, day["ts"])
    [shared] = [f for m in thread for f in m.get("files", [])]
    assert shared["name"] == "module-1-leading-in-the-system.ics"
    ics = next(f["content"] for f in world.slack.files() if f["id"] == shared["id"])
    assert b"DTSTART;TZID=Europe/London:20270114T093000" in ics
    for person in (AMARA, BEN):
        [dm] = world.posts(world.slack.im_channel(person))
        assert "tomorrow" in dm["text"]
    sent = rows(world.db, status="sent")
    assert len(sent) == 3
    assert all(r.slack_ts and r.attempts == 1 for r in sent)


def test_rate_limited_then_sent_once(world: World) -> None:
    """A 429 with Retry-After is waited out; the message is posted once, no attempt counted."""
    world.slack.inject("chat.postMessage", error="ratelimited", retry_after=2)
    world.announce("Lunch is at 12:30 today.")
    start = world.clock.now()
    stats = world.dispatcher.drain(budget=10)
    assert (stats.rate_limited, stats.sent) == (1, 1)
    assert world.clock.now() - start >= timedelta(seconds=2)
    assert [p["text"] for p in world.posts()] == ["Lunch is at 12:30 today."]
    [row] = rows(world.db, kind=KIND)
    assert (row.status, row.attempts) == ("sent", 1)


def test_server_error_is_retried_with_backoff(world: World) -> None:
    """A 500 leaves the row queued for 30 s; the retry checks Slack first, then posts once."""
    world.slack.inject("chat.postMessage", status=500)
    world.announce("Module 2 moves to Toynbee Hall.")
    first = world.dispatcher.drain(budget=0)
    [row] = rows(world.db, kind=KIND)
    assert first.retried == 1
    assert row.status == "queued"
    assert row.last_error == "internal_error (HTTP 500)"
    assert row.next_attempt_at == world.clock.now() + timedelta(seconds=30)
    second = world.dispatcher.drain(budget=60)
    assert second.sent == 1
    assert len(world.posts()) == 1
    assert world.slack.calls_to("conversations.history")  # looked before re-posting
    assert rows(world.db, kind=KIND)[0].attempts == 2


def test_permanent_failure_is_marked_and_reported(world: World) -> None:
    """channel_not_found fails at once, keeps the error, and tells the organisers' channel."""
    world.slack.inject("chat.postMessage", error="channel_not_found")
    world.announce("Hello")
    stats = world.dispatcher.drain(budget=60)
    [row] = rows(world.db, kind=KIND)
    assert stats.failed == 1
    assert (row.status, row.last_error) == (
        "failed",
        "channel_not_found (HTTP 200)",
    )
    [notice] = world.slack.messages(ORGANISERS)
    assert row.key in notice["text"]
    assert "channel_not_found" in notice["text"]


def test_repeated_server_errors_fail_after_max_attempts(world: World) -> None:
    """Three 500s in a row (30 s, 60 s apart) mark the row failed with the last error."""
    world.slack.inject("chat.postMessage", status=503, error="service_unavailable", times=None)
    world.announce("Hello")
    world.dispatcher.drain(budget=600)
    [row] = rows(world.db, kind=KIND)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error == "service_unavailable (HTTP 503)"
    assert world.posts() == []


def test_crash_between_claim_and_send_sends_once_after_the_lease(world: World) -> None:
    """A claim abandoned by a dead process is sent by another once the lease expires."""
    world.announce("Hello")
    dead = outbox.claim_due(world.db, worker_id="dead", now=world.clock.now())
    assert len(dead) == 1
    assert world.dispatcher.drain(budget=0).claimed == 0  # still leased
    world.clock.advance(outbox.DEFAULT_LEASE + timedelta(seconds=1))
    assert world.dispatcher.drain(budget=0).sent == 1
    assert len(world.posts()) == 1


def _send_without_marking(world: World, *, upload: bool = True) -> str:
    """What a process does before dying between Slack's answer and its own write."""
    [message] = outbox.claim_due(world.db, worker_id="dead", now=world.clock.now())
    with Session(world.db) as session:
        rendered = render(session, message, world.clock.now())
    if not upload:
        rendered = type(rendered)(text=rendered.text, blocks=rendered.blocks)
    result = world.delivery.send(message, rendered)
    assert result.outcome == "sent"
    assert result.ts
    return result.ts


def test_crash_between_send_and_mark_does_not_post_twice(world: World) -> None:
    """The resumed row is found in the channel by its metadata key and marked sent."""
    world.announce("Hello")
    ts = _send_without_marking(world)
    world.clock.advance(outbox.DEFAULT_LEASE + timedelta(seconds=1))
    stats = world.dispatcher.drain(budget=0)
    assert stats.sent == 1
    assert len(world.posts()) == 1
    [row] = rows(world.db, kind=KIND)
    assert (row.status, row.slack_ts) == ("sent", ts)


def test_crash_after_post_before_upload_finishes_the_upload(world: World) -> None:
    """A reminder posted without its .ics gets the file, not a second post."""
    plan(world)
    world.clock.set(london("2027-01-13 09:30"))
    with session_scope(world.db) as session:  # keep only the channel's 1-day reminder
        outbox.cancel(session, reason="test", key_prefix="reminder:llp-7:m1:-1d:dm:")
        outbox.cancel(session, reason="test", key_prefix="reminder:llp-7:m1:-7d:")
    ts = _send_without_marking(world, upload=False)
    world.clock.advance(outbox.DEFAULT_LEASE + timedelta(seconds=1))
    assert world.dispatcher.drain(budget=0).sent == 1
    assert len(world.posts()) == 1
    files = [f for m in world.slack.thread(CHANNEL, ts) for f in m.get("files", [])]
    assert len(files) == 1
    assert world.dispatcher.drain(budget=0).claimed == 0


def test_timeout_whose_post_landed_is_not_posted_again(world: World) -> None:
    """A post that timed out but reached Slack is found on retry instead of re-posted."""
    world.slack.inject("chat.postMessage", delay=30)
    world.announce("Hello")
    first = world.dispatcher.drain(budget=0)
    assert first.retried == 1
    assert "network" in (rows(world.db, kind=KIND)[0].last_error or "")
    world.slack.release_delayed()
    world.slack.wait_for(lambda s: s.messages(CHANNEL), what="the delayed post")
    assert world.dispatcher.drain(budget=60).sent == 1
    assert len(world.posts()) == 1


def test_channel_pacing_avoids_rate_limits(world: World) -> None:
    """Three posts to one channel go one second apart: the emulator's limit never trips."""
    world.slack.enforce_rate_limit(1.0, time_source=lambda: world.clock.now().timestamp())
    for n in range(3):
        world.announce(f"Update {n}")
    start = world.clock.now()
    stats = world.dispatcher.drain(budget=10)
    assert (stats.sent, stats.rate_limited) == (3, 0)
    assert [c.status for c in world.slack.calls if c.method == "chat.postMessage"] == [200] * 3
    assert world.clock.now() - start >= timedelta(seconds=2)
    assert [p["text"] for p in world.posts()] == ["Update 0", "Update 1", "Update 2"]


def test_stale_and_unwanted_messages_are_not_sent(world: World) -> None:
    """A reminder after its module has started, and a DM to a paused person, are cancelled."""
    plan(world)
    world.clock.set(london("2027-01-14 10:00"))  # the module has begun
    stats = world.dispatcher.drain(budget=5)
    assert stats.sent == 0
    assert stats.skipped == 4
    assert all(
        (r.last_error or "").startswith("expired") for r in rows(world.db, kind="module_reminder")
    )
    assert world.posts() == []


def test_late_reminder_expires_before_the_module(world: World) -> None:
    """After downtime, a reminder more than half its offset late is not sent; a fresh one is."""
    plan(world)
    world.clock.set(london("2027-01-13 10:00"))  # 1-day reminder just due; 7-day one 6 days late
    world.dispatcher.drain(budget=5)
    sent = [r for r in rows(world.db, kind="module_reminder") if r.status == "sent"]
    expired = [r for r in rows(world.db, kind="module_reminder") if r.status == "cancelled"]
    assert {r.payload["before_s"] for r in sent} == {86_400}
    assert {r.payload["before_s"] for r in expired} == {7 * 86_400}
    assert all((r.last_error or "").startswith("expired") for r in expired)


def test_week_reminder_on_time_says_in_1_week(world: World) -> None:
    """The 7-day reminder, sent when due, tells the channel the module is in 1 week."""
    plan(world)
    world.clock.set(london("2027-01-07 09:30"))
    world.dispatcher.drain(budget=5)
    [week] = world.posts()
    assert "in 1 week" in week["text"]
