"""Reflection check-ins end to end: invite → Reflect → modal → stored → one nudge → closed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.clock import ManualClock
from bot.db import session_scope
from bot.delivery import METADATA_EVENT, SlackDelivery, make_client
from bot.dispatch import Dispatcher
from bot.models import Membership, Person, Reflection
from bot.planning import plan_all
from bot.sandbox.live import LiveApp, find_buttons
from tests.outbox_builders import london, rows

PARTICIPANT, MENTOR = "U0EXPART01", "U0EXMENT01"
MODULE_1_ENDS = "2027-01-22 16:30"


@pytest.fixture
def world(
    running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock
) -> Iterator[tuple[LiveApp, Dispatcher]]:
    """The app over HTTP, and a dispatcher (driven by the test) on the same emulator."""
    slack = running_app(programme_db, clock)
    client = make_client(token=slack.emulator.bot_token, base_url=slack.emulator.api_url)
    dispatcher = Dispatcher(
        engine=programme_db,
        sender=SlackDelivery(client),
        clock=clock,
        sleep=lambda seconds: clock.advance(timedelta(seconds=seconds)),
    )
    yield slack, dispatcher
    dispatcher.close()


def tick(slack: LiveApp, dispatcher: Dispatcher) -> None:
    """One scheduler pass: plan, then send what is due."""
    with session_scope(slack.engine) as session:
        plan_all(session, now=slack.clock.now())
    dispatcher.drain(budget=5)


def checkin_dms(slack: LiveApp, user: str) -> list[dict[str, Any]]:
    """The check-in messages in this person's DM, with their channel."""
    channel = slack.emulator.im_channel(user)
    return [
        {**m, "channel": channel}
        for m in slack.emulator.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT
        and m["metadata"]["event_payload"]["key"].startswith("checkin:")
    ]


def answers(takeaway: str, confidence: str | None, *, share: bool) -> dict[str, Any]:
    values: dict[str, Any] = {
        "prompt_takeaway": {"answer": {"type": "plain_text_input", "value": takeaway}},
        "prompt_next-step": {"answer": {"type": "plain_text_input", "value": "Ask more."}},
        "prompt_confidence": {
            "answer": {
                "type": "static_select",
                "selected_option": {"value": confidence} if confidence else None,
            }
        },
    }
    chosen = [{"value": "share"}] if share else []
    values["share"] = {"share_with_mentor": {"type": "checkboxes", "selected_options": chosen}}
    return values


def open_modal(slack: LiveApp, user: str, message: dict[str, Any]) -> dict[str, Any]:
    """`user` closes any modal they have open, clicks *Reflect*, and gets the modal."""
    [reflect] = find_buttons(message["blocks"])
    slack.emulator.close_modals(user)
    assert slack.click(user, reflect, message=message).status == 200
    modals = slack.emulator.wait_for(lambda e: e.open_modals(user), what="the modal")
    return modals[-1]  # type: ignore[no-any-return]


def stored(engine: Engine, user: str) -> list[Reflection]:
    with session_scope(engine) as session:
        return list(
            session.exec(select(Reflection).join(Person).where(Person.slack_id == user)).all()
        )


def test_checkin_invite_reflect_nudge_and_close(world: tuple[LiveApp, Dispatcher]) -> None:
    """The whole round, over signed HTTP requests against the emulator."""
    slack, dispatcher = world
    slack.clock.set(london(MODULE_1_ENDS) + timedelta(days=1))
    tick(slack, dispatcher)
    invites = [r for r in rows(slack.engine, kind="checkin_invite") if r.status == "sent"]
    assert len(invites) == 12  # every participant, nobody else
    with session_scope(slack.engine) as session:
        participants = {
            p.slack_id
            for p in session.exec(
                select(Person).join(Membership).where(Membership.role == "participant")
            )
        }
    assert {r.target for r in invites} == participants
    [invite] = checkin_dms(slack, PARTICIPANT)
    assert "Module 1, Leading as Yourself, has finished" in invite["text"]

    # Reflect: the modal asks the programme's prompts; a missing rating is refused.
    modal = open_modal(slack, PARTICIPANT, invite)
    assert [b["block_id"] for b in modal["blocks"] if b["type"] == "input"] == [
        "prompt_takeaway",
        "prompt_next-step",
        "prompt_confidence",
        "share",
    ]
    refused = slack.submit(PARTICIPANT, modal, answers("Lead as myself.", None, share=True))
    assert refused.json()["response_action"] == "errors"
    assert "prompt_confidence" in refused.json()["errors"]
    assert stored(slack.engine, PARTICIPANT) == []
    saved = slack.submit(PARTICIPANT, modal, answers("Lead as myself.", "4", share=True))
    assert saved.json()["response_action"] == "update"
    assert "Thank you" in saved.json()["view"]["title"]["text"]
    [reflection] = stored(slack.engine, PARTICIPANT)
    assert reflection.answers == {
        "takeaway": "Lead as myself.",
        "next-step": "Ask more.",
        "confidence": 4,
    }
    assert reflection.share_with_mentor

    # Resubmitting edits the same reflection; the modal shows what was saved.
    again = open_modal(slack, PARTICIPANT, invite)
    takeaway = next(b for b in again["blocks"] if b.get("block_id") == "prompt_takeaway")
    assert takeaway["element"]["initial_value"] == "Lead as myself."
    slack.submit(PARTICIPANT, again, answers("Lead as myself, calmly.", "5", share=False))
    [edited] = stored(slack.engine, PARTICIPANT)
    assert (edited.id, edited.answers["confidence"], edited.share_with_mentor) == (
        reflection.id,
        5,
        False,
    )

    # Only participants reflect; a mentor clicking the button is told so, nothing stored.
    mentor_view = open_modal(slack, MENTOR, invite)
    assert "participants" in str(mentor_view["blocks"])

    # One nudge, 4 days after the module, to the 11 who have not answered.
    slack.clock.set(london(MODULE_1_ENDS) + timedelta(days=4))
    tick(slack, dispatcher)
    nudges = [r for r in rows(slack.engine, kind="checkin_nudge") if r.status == "sent"]
    assert len(nudges) == 11
    assert PARTICIPANT not in {r.target for r in nudges}
    assert len(checkin_dms(slack, PARTICIPANT)) == 1
    other = sorted(participants - {PARTICIPANT})[0]
    assert "gentle nudge" in checkin_dms(slack, other)[-1]["text"]
    tick(slack, dispatcher)  # nothing is sent twice
    assert len([r for r in rows(slack.engine, kind="checkin_nudge") if r.status == "sent"]) == 11

    # Closed after 21 days: the button says so, and the invitation is updated.
    slack.clock.set(london(MODULE_1_ENDS) + timedelta(days=21, minutes=1))
    first_invite = checkin_dms(slack, other)[0]
    closed = open_modal(slack, other, first_invite)
    assert "closed on" in str(closed["blocks"])
    slack.settle()
    updated = checkin_dms(slack, other)[0]
    assert "have closed" in updated["text"]
    assert find_buttons(updated["blocks"]) == []
    late = slack.submit(PARTICIPANT, again, answers("Too late.", "1", share=False))
    assert "closed" in str(late.json()["view"])
    assert stored(slack.engine, PARTICIPANT)[0].answers["takeaway"] == "Lead as myself, calmly."


def test_pause_stops_dms_but_not_the_channel(world: tuple[LiveApp, Dispatcher]) -> None:
    """`/cohort pause 2w` before module 1: no reminder DM for the asker, the channel gets it."""
    slack, dispatcher = world
    slack.clock.set(london("2027-01-10 09:00"))
    reply = slack.command(PARTICIPANT, "pause 2w")
    assert "Paused until Sunday 24 January 2027" in reply.message()["text"]
    slack.clock.set(london("2027-01-19 09:30"))  # the 2-day reminder
    tick(slack, dispatcher)
    reminders = [r for r in rows(slack.engine, kind="module_reminder") if r.status == "sent"]
    targets = {r.target for r in reminders}
    assert "C0EXCOHORT1" in targets
    assert PARTICIPANT not in targets
    assert len(targets) == 12  # the channel and 11 participants
    assert "is not a duration" in slack.command(PARTICIPANT, "pause soon").message()["text"]
    assert "Welcome back" in slack.command(PARTICIPANT, "pause off").message()["text"]
