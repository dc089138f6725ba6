"""Announcements in Slack: preview, send now, schedule, cancel; organisers only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from bot import slack_requests as sr
from bot.clock import ManualClock
from bot.sandbox.live import Button, LiveApp, find_buttons
from tests.outbox_builders import london, rows

ORGANISER, PARTICIPANT = "U0EXORG001", "U0EXPART01"


@pytest.fixture
def slack(running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock) -> LiveApp:
    clock.set(london("2027-01-10 09:00"))
    return running_app(programme_db, clock)


def click_ephemeral(slack: LiveApp, user: str, button: Button) -> None:
    """Click a button in an ephemeral message (no ts): Slack answers via the response_url."""
    channel = slack.emulator.im_channel(user)
    payload = sr.block_actions(
        user=user,
        action=button.action,
        trigger_id=slack.emulator.issue_trigger(user),
        response_url=slack.emulator.response_url(channel=channel, user=user),
        channel=channel,
    )
    assert slack.send_action(payload).status == 200
    slack.settle()


def preview(slack: LiveApp, text: str) -> dict[str, Button]:
    reply = slack.command(ORGANISER, f"announce {text}")
    message = reply.message()
    assert message is not None
    assert message["response_type"] == "ephemeral"
    assert "Preview" in str(message["blocks"])
    return {b.label: b for b in find_buttons(message["blocks"])}


def announcements(engine: Engine) -> list[Any]:
    return rows(engine, kind="announcement")


def test_send_now_queues_channel_and_dms(slack: LiveApp) -> None:
    """Send now queues the channel post and one DM per participant, due immediately."""
    buttons = preview(slack, "--dm The venue has moved to the 2nd floor.")
    assert list(buttons) == ["Send now", "Schedule…", "Cancel"]
    assert announcements(slack.engine) == []  # nothing before the organiser chooses
    click_ephemeral(slack, ORGANISER, buttons["Send now"])
    queued = announcements(slack.engine)
    assert len(queued) == 13
    assert {r.due_at for r in queued} == {slack.clock.now()}
    [outcome] = slack.emulator.ephemerals(user_id=ORGANISER)
    assert "Sending now to <#C0EXCOHORT1> and 12 participants by DM" in outcome["text"]


def test_schedule_then_cancel_from_home(slack: LiveApp) -> None:
    """Schedule… picks a local time; App Home's Cancel stops it before it goes."""
    buttons = preview(slack, "Reading list for module 1 is in the channel.")
    click_ephemeral(slack, ORGANISER, buttons["Schedule…"])
    [modal] = slack.emulator.wait_for(lambda e: e.open_modals(ORGANISER), what="schedule modal")

    def values(date: str, time: str) -> dict[str, Any]:
        return {
            "when_date": {"date": {"type": "datepicker", "selected_date": date}},
            "when_time": {"time": {"type": "timepicker", "selected_time": time}},
        }

    past = slack.submit(ORGANISER, modal, values("2027-01-09", "09:00"))
    assert past.json()["response_action"] == "errors"
    assert announcements(slack.engine) == []
    ok = slack.submit(ORGANISER, modal, values("2027-01-12", "08:15"))
    assert ok.json()["response_action"] == "update"
    [row] = announcements(slack.engine)
    assert (row.due_at, row.status) == (london("2027-01-12 08:15"), "queued")

    home = slack.open_home(ORGANISER)
    [cancel] = [b for b in find_buttons(home["blocks"]) if b.label.startswith("Cancel")]
    # A participant cannot cancel it, even with a crafted click.
    assert slack.click(PARTICIPANT, cancel, view=home).status == 200
    slack.settle()
    assert announcements(slack.engine)[0].status == "queued"
    slack.click(ORGANISER, cancel, view=home)
    slack.settle()
    assert announcements(slack.engine)[0].status == "cancelled"
    refreshed = slack.emulator.home_view(ORGANISER)
    assert refreshed is not None
    assert not [b for b in find_buttons(refreshed["blocks"]) if b.label.startswith("Cancel")]


def test_cancel_preview_and_organisers_only(slack: LiveApp) -> None:
    """Cancel leaves nothing queued; a participant cannot announce at all."""
    buttons = preview(slack, "Draft I will not send.")
    click_ephemeral(slack, ORGANISER, buttons["Cancel"])
    assert announcements(slack.engine) == []
    refused = slack.command(PARTICIPANT, "announce Free lunch for all!").message()
    assert refused is not None
    assert "only a programme's organisers" in refused["text"]
    slack.clock.advance(timedelta(minutes=1))
    assert announcements(slack.engine) == []
