"""`cohort run`: choosing the mode, serving HTTP in a real process, the sandbox from the CLI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from bot import slack_requests as sr
from bot.app import choose_mode
from bot.db import make_engine, session_scope
from bot.errors import CohortError
from bot.sandbox.seed import seed_emulator
from bot.settings import Settings
from bot.slack_emulator import SlackEmulator
from tests.conftest import REPO

SECRET = "cli-run-signing-secret"


@pytest.mark.parametrize(
    ("env", "flags", "mode"),
    [
        ({}, {}, "sandbox"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, {}, "socket"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, {}, "http"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"},
            {"http": True},
            "http",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, {"sandbox": True}, "sandbox"),
    ],
)
def test_mode_follows_the_tokens(env: dict[str, str], flags: dict[str, bool], mode: str) -> None:
    """Socket Mode with an app token, HTTP with --http (or only a secret), else the sandbox."""
    settings = Settings.from_mapping(env)
    chosen = {"socket": False, "http": False, "sandbox": False, **flags}
    assert choose_mode(settings, **chosen) == mode


@pytest.mark.parametrize(
    ("env", "flags", "needs"),
    [
        ({}, {"http": True}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, {"http": True}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, {}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, {"http": True, "socket": True}, "choose one"),
    ],
)
def test_missing_settings_are_named(
    env: dict[str, str], flags: dict[str, bool], needs: str
) -> None:
    """A mode that cannot run says, in one line, which setting is missing."""
    chosen = {"socket": False, "http": False, "sandbox": False, **flags}
    with pytest.raises(CohortError, match=needs):
        choose_mode(Settings.from_mapping(env), **chosen)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Poll /healthz while the process starts (start-up, not behaviour under test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"cohort run exited early: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("cohort run --http did not become healthy")


def test_http_mode_serves_events_and_stops_on_sigterm(
    cli: Callable[..., Any], db_url: str, emulator: SlackEmulator, tmp_path: Any
) -> None:
    """`cohort run --http` answers a signed DM over HTTP, and SIGTERM stops it cleanly (exit 0)."""
    assert cli("load", str(REPO / "examples" / "programme.yaml")).exit_code == 0
    engine: Engine = make_engine(db_url)
    with session_scope(engine) as session:
        seed_emulator(emulator, session)
    engine.dispose()
    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": emulator.api_url, "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    env.pop("SLACK_APP_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--http", "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process)
        channel = emulator.im_channel("U0EXPART01")
        asked = emulator.post_as_user("U0EXPART01", channel, "when is the first module?")
        event = sr.message_event(
            user="U0EXPART01", channel=channel, text=asked["text"], ts=asked["ts"]
        )
        reply = sr.SlackSender(url + "/slack/events", SECRET).send_event(sr.event_callback(event))
        assert reply.status == 200
        answers = emulator.wait_for(lambda e: e.thread(channel, asked["ts"])[1:], timeout=15)
        assert "21 January" in answers[0]["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_sandbox_from_the_cli(cli: Callable[..., Any]) -> None:
    """`cohort run` with no tokens loads the example if the database is empty, then answers."""
    result = cli("run", input="when is the first module?\n/quit\n")
    assert result.exit_code == 0, result.output
    assert "Loaded the example programme" in result.output
    assert "21 January" in result.output
    assert "Sandbox stopped." in result.output
