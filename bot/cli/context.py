"""What every command needs: the settings and a migrated database engine."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.db import make_engine, upgrade
from bot.settings import Settings


def load_settings() -> Settings:
    """Settings from the environment and `.env`, with logging configured."""
    settings = Settings.from_env()
    settings.configure_logging()
    return settings


def migrated_engine(settings: Settings) -> Engine:
    """An engine for `DATABASE_URL` with the schema brought up to date."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine
