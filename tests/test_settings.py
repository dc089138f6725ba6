"""Settings are validated at start-up, with one line naming the bad variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import CohortError
from bot.settings import Settings


def test_defaults_are_the_sandbox() -> None:
    """With nothing set: SQLite, Slack's real API URL, and sandbox mode."""
    settings = Settings.from_mapping({})
    assert settings.database_url == "sqlite:///cohort.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.sandbox
    assert settings.tick_seconds == 15.0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user", "SLACK_BOT_TOKEN: expected a bot token"),
        ("SLACK_APP_TOKEN", "xoxb-nope", "SLACK_APP_TOKEN: expected an app-level token"),
        ("PORT", "eighty", "PORT: 'eighty' is not a int"),
        ("PORT", "70000", "PORT: '70000' is out of range"),
        ("COHORT_TICK", "0", "COHORT_TICK: '0' is out of range"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: 'LOUD' is not one of"),
        ("SLACK_API_URL", "slack.com", "SLACK_API_URL: 'slack.com' is not an http(s) URL"),
        ("DATABASE_URL", "cohort.db", "DATABASE_URL: 'cohort.db' is not a SQLAlchemy URL"),
    ],
)
def test_bad_value_names_the_variable(name: str, value: str, message: str) -> None:
    """Each bad value is a CohortError whose message starts with the variable's name."""
    with pytest.raises(CohortError) as caught:
        Settings.from_mapping({name: value})
    assert str(caught.value).startswith(message)


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    """`.env` supplies values; the process environment overrides them."""
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=4000\nCOHORT_TICK=2\n")
    settings = Settings.from_env({"PORT": "5000"}, env_file=env_file)
    assert (settings.port, settings.tick_seconds) == (5000, 2.0)
