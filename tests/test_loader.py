"""Loading programme files into the database: transactional, idempotent, history-keeping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlmodel import select

from bot.db import session_scope
from bot.loader import load_programme_path
from bot.models import FaqEntry, Membership, Module, Person, Programme
from bot.programme_file import ProgrammeFileError
from tests.dbdump import dump


def load(engine: Engine, path: Path) -> bool:
    """Load a file in its own transaction; True when anything changed."""
    with session_scope(engine) as session:
        return load_programme_path(session, path=path).changed


def edited(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cut(text: str, start: str, end: str) -> str:
    """`text` without the part from `start` up to (not including) `end`."""
    return text[: text.index(start)] + text[text.index(end) :]


def test_both_examples_load(db: Engine, example_file: Path, shared_example_file: Path) -> None:
    """The project's example and the shared example load side by side."""
    assert load(db, example_file)
    assert load(db, shared_example_file)
    with session_scope(db) as session:
        slugs = session.exec(select(Programme.slug).order_by(Programme.slug)).all()
        faq = session.exec(select(FaqEntry)).all()
    assert slugs == ["london-leadership-7", "rise-west-midlands-3"]
    assert len(faq) >= 24 + 20


def test_module_times_are_utc_and_dst_correct(db: Engine, shared_example_file: Path) -> None:
    """09:30 London time is 09:30 UTC in winter and 08:30 UTC in summer."""
    load(db, shared_example_file)
    with session_scope(db) as session:
        modules = {m.number: m for m in session.exec(select(Module))}
    assert modules[1].starts_at == datetime(2027, 1, 14, 9, 30, tzinfo=UTC)
    summer = [m for m in modules.values() if 4 <= m.starts_at.month <= 9]
    assert summer
    assert all(m.starts_at.hour == 8 for m in summer)


def test_reload_is_a_no_op(db: Engine, shared_example_file: Path) -> None:
    """Loading the same file again issues no write at all and leaves every row the same."""
    load(db, shared_example_file)
    before = dump(db)
    writes: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(db, "before_cursor_execute", record)
    try:
        assert not load(db, shared_example_file)
    finally:
        event.remove(db, "before_cursor_execute", record)
    assert writes == []
    assert dump(db) == before


def test_edit_updates_only_what_changed(
    db: Engine, shared_example_file: Path, tmp_path: Path
) -> None:
    """A moved module and a new FAQ answer change those rows and nothing else."""
    load(db, shared_example_file)
    before = dump(db)
    path = edited(
        tmp_path,
        shared_example_file,
        ("starts: 2027-03-11 09:30", "starts: 2027-03-18 09:30"),
        ("ends: 2027-03-12 16:30", "ends: 2027-03-19 16:30"),
    )
    assert load(db, path)
    after = dump(db)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"module"}
    moved = [
        pair for pair in zip(before["module"], after["module"], strict=True) if pair[0] != pair[1]
    ]
    assert len(moved) == 1


def test_removed_module_and_faq_are_kept_inactive(
    db: Engine, shared_example_file: Path, tmp_path: Path
) -> None:
    """History is never deleted: what leaves the file is marked inactive, not removed."""
    load(db, shared_example_file)
    text = shared_example_file.read_text()
    text = cut(text, "  - id: what-is-it", "  - id: who-can-join")  # FAQ comes last
    text = cut(text, "  - number: 6", "\npeople:")
    path = tmp_path / "trimmed.yaml"
    path.write_text(text)
    load(db, path)
    with session_scope(db) as session:
        module6 = session.exec(select(Module).where(Module.number == 6)).one()
        faq = session.exec(select(FaqEntry).where(FaqEntry.slug == "what-is-it")).one()
    assert not module6.active
    assert not faq.active


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("starts: 2027-03-11 09:30", "starts: 2027-02-30 09:30"),
        ("nudge_after: 3d", "nudge_after: three days"),
        ("role: mentor", "role: coach"),
        ("number: 2", "number: 1"),
    ],
)
def test_malformed_file_leaves_database_unchanged(
    db: Engine, shared_example_file: Path, tmp_path: Path, old: str, new: str
) -> None:
    """A file that does not validate changes nothing, even with other edits in it."""
    load(db, shared_example_file)
    before = dump(db)
    path = edited(
        tmp_path,
        shared_example_file,
        (old, new),
        ("title: Leading in the System", "title: Leading Differently"),
    )
    with pytest.raises(ProgrammeFileError):
        load(db, path)
    assert dump(db) == before


def test_failure_midway_rolls_back(db: Engine, shared_example_file: Path) -> None:
    """A crash inside the load transaction leaves nothing half-written."""

    def crash_after_upsert() -> None:
        with session_scope(db) as session:
            load_programme_path(session, path=shared_example_file)
            raise RuntimeError("crash after the upsert, before commit")

    with pytest.raises(RuntimeError):
        crash_after_upsert()
    assert all(rows == [] for rows in dump(db).values())


def test_person_in_two_programmes(db: Engine, shared_example_file: Path, tmp_path: Path) -> None:
    """One person (one Slack id) can belong to several programmes with different roles."""
    load(db, shared_example_file)
    second = edited(
        tmp_path,
        shared_example_file,
        ("id: london-leadership-7", "id: london-leadership-8"),
    )
    load(db, second)
    with session_scope(db) as session:
        people = session.exec(select(Person)).all()
        memberships = session.exec(select(Membership)).all()
    assert len(memberships) == 2 * len(people)
