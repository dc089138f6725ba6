"""Handling each Slack delivery once, across retries and across processes.

Slack retries an event it thinks was not acknowledged (`X-Slack-Retry-Num`, same
`event_id`), and a mention in a DM arrives twice, as `message` and as `app_mention`
(different event ids, same channel and `ts`). Whoever inserts the key first handles it;
the database's primary key makes that atomic for several bot processes. Keys older than
an hour are purged as new ones arrive, long after Slack has stopped retrying.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete

from bot.models import ProcessedEvent

KEEP_FOR = timedelta(hours=1)
# SQLModel sets __table__ at class creation but does not declare it for type checkers
_TABLE = ProcessedEvent.__table__  # type: ignore[attr-defined]


def claim(session: Session, *, key: str, now: datetime) -> bool:
    """True the first time `key` is claimed (within the hour), False for a repeat."""
    session.exec(delete(ProcessedEvent).where(col(ProcessedEvent.seen_at) < now - KEEP_FOR))
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(_TABLE)
        .values(key=key[:128], seen_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_TABLE.c.key)
    )
    # RETURNING, not rowcount: psycopg reports -1 for an insert that did nothing.
    return session.exec(statement).first() is not None


def event_key(event_id: str) -> str:
    """The key of one Events API delivery (retries share it)."""
    return f"event:{event_id}"


def message_key(channel: str, ts: str) -> str:
    """The key of one message, however many events tell us about it."""
    return f"message:{channel}:{ts}"
