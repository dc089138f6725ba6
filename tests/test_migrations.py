"""Alembic migrations: upgrade from empty works on both databases and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

from bot.db import pending_migrations, upgrade


def test_upgrade_from_empty_matches_models(empty_db: Engine) -> None:
    """After `cohort db upgrade` the schema is exactly what the models describe."""
    upgrade(empty_db)
    assert set(SQLModel.metadata.tables) <= set(inspect(empty_db).get_table_names())
    with empty_db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    assert pending_migrations(empty_db) == []


def test_upgrade_twice_is_a_no_op(empty_db: Engine) -> None:
    """Running the migrations again on a current database does nothing and does not fail."""
    upgrade(empty_db)
    upgrade(empty_db)
    assert pending_migrations(empty_db) == []
