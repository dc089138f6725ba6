"""Cohort's own Slack Web API emulator, for tests and the local sandbox.

    with SlackEmulator() as slack:
        slack.add_user("U1", "amara", "Amara Okafor")
        slack.add_channel("C1", "cohort-7", members=["U1"])
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="Hello")
        assert slack.messages("C1")[0]["text"] == "Hello"

More in the module docstrings: `server.py` (the class),
`messaging.py` and `surfaces.py` (the methods), `faults.py` (fault injection).
"""

from bot.slack_emulator.errors import SlackError
from bot.slack_emulator.faults import ChannelRateLimiter, Fault
from bot.slack_emulator.server import Call, SlackEmulator
from bot.slack_emulator.workspace import (
    APP_ID,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    TEAM_ID,
    Notice,
)

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USER_ID",
    "TEAM_ID",
    "Call",
    "ChannelRateLimiter",
    "Fault",
    "Notice",
    "SlackEmulator",
    "SlackError",
]
