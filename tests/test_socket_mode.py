"""Socket Mode end to end: `serve_socket_mode` opens a real WebSocket to the emulator,
gets event, slash-command and interactive envelopes, acknowledges each (a slash command's
ack carrying its reply) and answers through the Web API and response URLs."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import select

from bot import slack_requests as sr
from bot.app import serve_socket_mode
from bot.clock import Clock
from bot.db import session_scope
from bot.models import QuestionLog
from bot.sandbox.live import find_buttons
from bot.sandbox.seed import seed_emulator
from bot.settings import Settings
from bot.slack_checks import required_scopes
from bot.slack_emulator import SlackEmulator

PARTICIPANT = "U0EXPART01"  # Aisha Mahmood in the example programme


@pytest.fixture
def socket_mode_app(
    emulator: SlackEmulator, programme_db: Engine, clock: Clock
) -> Iterator[SlackEmulator]:
    """Cohort connected over Socket Mode (app-level token, no signing secret, no HTTP)."""
    with session_scope(programme_db) as session:
        seed_emulator(emulator, session)
    emulator.scopes = required_scopes()
    settings = Settings(
        slack_bot_token=emulator.bot_token,
        slack_app_token=emulator.app_token,
        slack_api_url=emulator.api_url,
        database_url=programme_db.url.render_as_string(hide_password=False),
    )
    stop = threading.Event()
    serving = threading.Thread(
        target=serve_socket_mode,
        args=(settings,),
        kwargs={"engine": programme_db, "clock": clock, "stop": stop},
        daemon=True,
    )
    serving.start()
    emulator.socket_mode.wait_for_connection()
    yield emulator
    stop.set()
    serving.join(timeout=10)
    assert not serving.is_alive(), "serve_socket_mode did not stop"


def test_a_dm_over_socket_mode_is_acknowledged_and_answered(
    socket_mode_app: SlackEmulator,
) -> None:
    slack = socket_mode_app
    channel = slack.im_channel(PARTICIPANT)
    asked = slack.post_as_user(PARTICIPANT, channel, "when is the first module?")
    event = sr.message_event(user=PARTICIPANT, channel=channel, text=asked["text"],
                             ts=asked["ts"], channel_type="im")  # fmt: skip
    envelope_id = slack.socket_mode.push("events_api", sr.event_callback(event))

    assert slack.socket_mode.wait_for_ack(envelope_id)["envelope_id"] == envelope_id
    slack.wait_for(lambda e: len(e.thread(channel, asked["ts"])) > 1, what="the answer")
    answer = slack.thread(channel, asked["ts"])[-1]
    assert "Thursday 21 January" in answer["text"]


def test_a_slash_command_s_ack_carries_its_reply(socket_mode_app: SlackEmulator) -> None:
    """`/cohort ask` with no question is answered in the ack itself, as Slack shows it;
    with one, the ack is empty and the answer comes privately through the response URL."""
    slack = socket_mode_app
    channel = slack.im_channel(PARTICIPANT)

    def slash(text: str) -> dict:
        fields = sr.slash_command(
            user=PARTICIPANT, text=text, channel=channel,
            trigger_id=slack.issue_trigger(PARTICIPANT),
            response_url=slack.response_url(channel=channel, user=PARTICIPANT),
        )  # fmt: skip
        return slack.socket_mode.wait_for_ack(slack.socket_mode.push("slash_commands", fields))

    assert "Ask me something" in slash("ask")["payload"]["text"]
    assert "payload" not in slash("ask where is mod 2")
    slack.wait_for(lambda e: e.ephemerals(channel, PARTICIPANT), what="the private answer")
    [answer] = slack.ephemerals(channel, PARTICIPANT)
    assert "Hartsfield Manor" in answer["text"]


def test_a_button_click_over_socket_mode_is_acknowledged_and_recorded(
    socket_mode_app: SlackEmulator, programme_db: Engine
) -> None:
    """The asker's 👎 on an answer arrives as an `interactive` envelope: acknowledged,
    recorded against the logged question, and the buttons replaced by a thank-you."""
    slack = socket_mode_app
    channel = slack.im_channel(PARTICIPANT)
    asked = slack.post_as_user(PARTICIPANT, channel, "Can I claim expenses for my train fare?")
    event = sr.message_event(user=PARTICIPANT, channel=channel, text=asked["text"],
                             ts=asked["ts"], channel_type="im")  # fmt: skip
    slack.socket_mode.push("events_api", sr.event_callback(event))
    slack.wait_for(lambda e: len(e.thread(channel, asked["ts"])) > 1, what="the answer")
    reply = {**slack.thread(channel, asked["ts"])[-1], "channel": channel}
    [not_helpful] = [b for b in find_buttons(reply["blocks"]) if "Not helpful" in b.label]

    payload = sr.block_actions(
        user=PARTICIPANT, action=not_helpful.action,
        trigger_id=slack.issue_trigger(PARTICIPANT),
        response_url=slack.response_url(channel=channel, user=PARTICIPANT,
                                        message_ts=reply["ts"]),
        channel=channel, message=reply,
    )  # fmt: skip
    envelope_id = slack.socket_mode.push("interactive", payload)
    assert slack.socket_mode.wait_for_ack(envelope_id)["envelope_id"] == envelope_id
    slack.wait_for(
        lambda e: not find_buttons(e.thread(channel, asked["ts"])[-1]["blocks"]),
        what="the buttons replaced",
    )
    assert "Thanks for saying" in str(slack.thread(channel, asked["ts"])[-1]["blocks"])
    with session_scope(programme_db) as session:
        [row] = session.exec(select(QuestionLog)).all()
        assert (row.feedback, row.source_ref) == (-1, "expenses")


def test_only_the_app_level_token_opens_a_connection(emulator: SlackEmulator) -> None:
    """As on Slack: a bot token is the wrong kind of token for apps.connections.open."""
    opened = WebClient(token=emulator.app_token, base_url=emulator.api_url).apps_connections_open(
        app_token=emulator.app_token
    )
    assert opened["url"].startswith("ws://127.0.0.1:")
    bot = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        bot.apps_connections_open(app_token=emulator.bot_token)
