"""Shared set-up for the answering tests: both example programmes, some mentor matches."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.answering import Answer, answer_question, clear_cache
from bot.db import session_scope
from bot.loader import load_programme_path
from bot.models import MentorMatch, Person, Programme

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = (
    REPO / "examples" / "programme.yaml",
    REPO.parent / "shared" / "examples" / "london-leadership-7.yaml",
)
RISE = "rise-west-midlands-3"
LONDON = "london-leadership-7"
LONDON_TZ = ZoneInfo("Europe/London")


def load_examples(engine: Engine, *, london: bool = False) -> None:
    """The example programme (and London's), with Aisha (U0EXPART01) matched with
    Rajinder (U0EXMENT02)."""
    clear_cache()  # engines are cached per programme id, and ids repeat across databases
    with session_scope(engine) as session:
        for path in EXAMPLES if london else EXAMPLES[:1]:
            load_programme_path(session, path=path)
        session.flush()
        match(session, RISE, mentor="U0EXMENT02", mentee="U0EXPART01")


def load_bench(engine: Engine, slug: str) -> None:
    """One of the benchmark's programme files (other sectors, other words)."""
    clear_cache()
    with session_scope(engine) as session:
        load_programme_path(session, path=REPO / "bench" / "programmes" / f"{slug}.yaml")


def match(session: Session, slug: str, *, mentor: str, mentee: str, status: str = "active") -> None:
    programme = session.exec(select(Programme).where(Programme.slug == slug)).one()
    people = {p.slack_id: p for p in session.exec(select(Person)).all()}
    session.add(
        MentorMatch(
            programme_id=programme.id,
            mentor_id=people[mentor].id,
            mentee_id=people[mentee].id,
            status=status,
            created_at=datetime(2027, 1, 1, tzinfo=UTC),
        )
    )


def local(text: str) -> datetime:
    """A UK local time, "2027-03-01 09:00"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON_TZ)


def ask(
    engine: Engine,
    question: str,
    *,
    programme: str = RISE,
    asker: str | None = None,
    at: str = "2027-01-04 10:00",
) -> Answer:
    with session_scope(engine) as session:
        return answer_question(
            session, question=question, asker=asker, at=local(at), programme=programme
        )


def assert_answered_from(
    engine: Engine, programme: str, question: str, at: str | None, expected: str
) -> None:
    """One benchmark programme loaded, the question answered, from `expected` first."""
    load_bench(engine, programme)
    answer = ask(engine, question, programme=programme, **({"at": at} if at else {}))
    assert answer.answered, question
    assert answer.sources[0].label == expected, (question, answer.sources)


def assert_handed_on(engine: Engine, programme: str, question: str) -> None:
    """One benchmark programme loaded, the question handed to the organisers."""
    load_bench(engine, programme)
    assert not ask(engine, question, programme=programme).answered, question
