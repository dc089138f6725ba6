"""A full, ordered dump of every table: to assert that the database did not change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import SQLModel


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Cohort table, as tuples in primary-key order."""
    with engine.connect() as connection:
        return {
            name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for name, table in SQLModel.metadata.tables.items()
        }
