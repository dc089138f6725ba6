"""`answer_question`: the one call the CLI, the Slack handlers and the benchmark make.

Building an index takes tens of milliseconds; answering with one takes about one. So
each process keeps one `AnswerEngine` per programme and rebuilds it only when the
programme's snapshot changes (a reloaded file, an organiser's saved FAQ answer): the
snapshot is read on every call (three small queries) and its fingerprint compared.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlmodel import Session

from bot.answering.engine import AnswerEngine
from bot.answering.snapshot import load_snapshot
from bot.answering.types import Answer, Source
from bot.errors import CohortError
from bot.models import Programme
from bot.programmes import memberships_of, resolve_programme

_cache: dict[int, AnswerEngine] = {}
_lock = threading.Lock()


def engine_for(session: Session, *, programme: Programme) -> AnswerEngine:
    """The programme's answering engine, rebuilt only if the programme changed."""
    snapshot = load_snapshot(session, programme=programme)
    fingerprint = snapshot.fingerprint
    with _lock:
        engine = _cache.get(snapshot.programme_id)
        if engine is not None and engine.fingerprint == fingerprint:
            return engine
    engine = AnswerEngine(snapshot)
    with _lock:
        _cache[snapshot.programme_id] = engine
    return engine


def clear_cache() -> None:
    """Forget every engine (tests that reuse programme ids across databases call this)."""
    with _lock:
        _cache.clear()


def programme_for(
    session: Session, *, programme: Programme | str | None, asker: str | None
) -> Programme:
    """The programme a question is about: given, else the asker's only one, else the only one."""
    if isinstance(programme, Programme):
        return programme
    if programme is None and asker:
        mine = [p for p, _ in memberships_of(session, asker)]
        if len(mine) == 1:
            return mine[0]
    return resolve_programme(session, programme)


def answer_question(
    session: Session,
    *,
    question: str,
    asker: str | None,
    at: datetime,
    programme: Programme | str | None = None,
    previous: Source | None = None,
) -> Answer:
    """Answer `question` as the bot would answer `asker` at `at` (an aware datetime).

    `programme` is a `Programme`, a slug, or None for the asker's (or the only) one;
    `previous` is the main source of the last answer in the same thread, if any.
    Nothing is written: logging the question is `log_question`'s job.
    """
    if at.tzinfo is None:
        raise CohortError("answer_question needs an aware datetime for `at`")
    chosen = programme_for(session, programme=programme, asker=asker)
    engine = engine_for(session, programme=chosen)
    return engine.answer(session, question=question, asker=asker, at=at, previous=previous)
