"""Alembic environment: the engine comes from `bot.db.alembic_config`, never alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers every table on SQLModel.metadata)

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
