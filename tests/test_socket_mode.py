"""Socket Mode end to end: `serve_socket_mode` opens a real WebSocket to the emulator,
gets an event envelope, acknowledges it and answers through the Web API."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot import slack_requests as sr
from bot.app import serve_socket_mode
from bot.clock import Clock
from bot.db import session_scope
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


def test_only_the_app_level_token_opens_a_connection(emulator: SlackEmulator) -> None:
    """As on Slack: a bot token is the wrong kind of token for apps.connections.open."""
    opened = WebClient(token=emulator.app_token, base_url=emulator.api_url).apps_connections_open(
        app_token=emulator.app_token
    )
    assert opened["url"].startswith("ws://127.0.0.1:")
    bot = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        bot.apps_connections_open(app_token=emulator.bot_token)
