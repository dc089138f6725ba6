"""One settings object, read once at start-up from the environment and `.env`.

Nothing else in Cohort reads `os.environ`: the CLI builds `Settings` and passes it down.
A bad value is a `CohortError` naming the variable, so `cohort` exits with one line.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

from bot.errors import CohortError

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///cohort.db"
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class Settings:
    """Cohort's configuration; see `.env.example` for what each field means."""

    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    tick_seconds: float = 15.0
    log_level: str = "INFO"

    @property
    def sandbox(self) -> bool:
        """No bot token means there is no Slack workspace: run the local sandbox."""
        return not self.slack_bot_token

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
    ) -> Settings:
        """Build settings from `.env` overlaid by the process environment."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        """Validate raw strings into settings; empty strings count as unset."""

        def get(name: str) -> str | None:
            value = values.get(name, "").strip()
            return value or None

        bot_token = get("SLACK_BOT_TOKEN")
        if bot_token and not bot_token.startswith("xoxb-"):
            raise CohortError("SLACK_BOT_TOKEN: expected a bot token starting with 'xoxb-'")
        app_token = get("SLACK_APP_TOKEN")
        if app_token and not app_token.startswith("xapp-"):
            raise CohortError("SLACK_APP_TOKEN: expected an app-level token starting with 'xapp-'")
        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise CohortError(f"SLACK_API_URL: {api_url!r} is not an http(s) URL")
        if not api_url.endswith("/"):
            api_url += "/"
        database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
        if "://" not in database_url:
            raise CohortError(f"DATABASE_URL: {database_url!r} is not a SQLAlchemy URL")
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in _LOG_LEVELS:
            raise CohortError(f"LOG_LEVEL: {log_level!r} is not one of {', '.join(_LOG_LEVELS)}")
        return cls(
            slack_bot_token=bot_token,
            slack_app_token=app_token,
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_api_url=api_url,
            database_url=database_url,
            port=_number(get("PORT"), "PORT", int, 3000, low=1, high=65535),
            tick_seconds=_number(get("COHORT_TICK"), "COHORT_TICK", float, 15.0, low=0.05),
            log_level=log_level,
        )

    def configure_logging(self) -> None:
        """Set the root log level and a plain format."""
        logging.basicConfig(
            level=self.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        if self.log_level != "DEBUG":  # migration chatter is noise on every command
            logging.getLogger("alembic").setLevel(logging.WARNING)


def _number(
    raw: str | None,
    name: str,
    kind: type[N],
    default: N,
    *,
    low: float | None = None,
    high: float | None = None,
) -> N:
    """Parse a numeric variable, with a one-line error naming it when it is wrong."""
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise CohortError(f"{name}: {raw!r} is not a {kind.__name__}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise CohortError(f"{name}: {raw!r} is out of range")
    return value
