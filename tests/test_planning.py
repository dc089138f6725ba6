"""The planner: reminders, check-ins and announcements become outbox rows at the right time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.loader import load_programme_path
from bot.models import (
    Announcement,
    Membership,
    Module,
    Person,
    Programme,
    Reflection,
    ScheduledMessage,
)
from bot.planning import PlanReport, plan_all, shift_local
from tests.outbox_builders import DAY, LONDON, ModuleSpec, build_programme, london, rows

AMARA, BEN = "U07PART0001", "U07PART0002"


def plan(engine: Engine, now: datetime) -> PlanReport:
    with session_scope(engine) as session:
        return plan_all(session, now=now)


def queued(engine: Engine) -> dict[str, datetime]:
    return {r.key: r.due_at for r in rows(engine, status="queued")}


@pytest.mark.parametrize(
    ("module_start", "before", "expected"),
    [
        # Spring: clocks go forward on Sunday 28 March 2027.
        ("2027-03-29 09:30", DAY, datetime(2027, 3, 28, 8, 30, tzinfo=UTC)),  # 09:30 BST
        ("2027-03-29 09:30", 7 * DAY, datetime(2027, 3, 22, 9, 30, tzinfo=UTC)),  # 09:30 GMT
        ("2027-03-28 09:30", DAY, datetime(2027, 3, 27, 9, 30, tzinfo=UTC)),  # 09:30 GMT
        # Autumn: clocks go back on Sunday 31 October 2027.
        ("2027-11-01 09:30", DAY, datetime(2027, 10, 31, 9, 30, tzinfo=UTC)),  # 09:30 GMT
        ("2027-11-01 09:30", 7 * DAY, datetime(2027, 10, 25, 8, 30, tzinfo=UTC)),  # 09:30 BST
        ("2027-11-01 09:30", 2 * 3600, datetime(2027, 11, 1, 7, 30, tzinfo=UTC)),  # elapsed
    ],
)
def test_days_before_are_local_calendar_days(
    module_start: str, before: int, expected: datetime
) -> None:
    """'1d before' a 09:30 module is 09:30 local the day before, whatever the clocks did."""
    assert shift_local(london(module_start), -before, LONDON) == expected


def test_reminders_planned_at_the_right_instants_across_clock_changes(db: Engine) -> None:
    """Channel reminders at 7d and 1d, DMs at 1d, all at 09:30 London time."""
    build_programme(
        db,
        modules=[
            ModuleSpec(1, "2027-03-29 09:30", "2027-03-30 16:30"),  # after the March change
            ModuleSpec(2, "2027-11-01 09:30", "2027-11-01 16:30"),  # after the October change
        ],
    )
    report = plan(db, datetime(2027, 1, 4, 8, 0, tzinfo=UTC))
    got = queued(db)
    assert report.queued == len(got) == 8
    expected = {
        "reminder:llp-7:m1:-7d:C07COHORT01@20270322T093000Z",
        "reminder:llp-7:m1:-1d:C07COHORT01@20270328T083000Z",
        f"reminder:llp-7:m1:-1d:dm:{AMARA}@20270328T083000Z",
        f"reminder:llp-7:m1:-1d:dm:{BEN}@20270328T083000Z",
        "reminder:llp-7:m2:-7d:C07COHORT01@20271025T083000Z",
        "reminder:llp-7:m2:-1d:C07COHORT01@20271031T093000Z",
        f"reminder:llp-7:m2:-1d:dm:{AMARA}@20271031T093000Z",
        f"reminder:llp-7:m2:-1d:dm:{BEN}@20271031T093000Z",
    }
    assert set(got) == expected
    assert {due.astimezone(ZoneInfo(LONDON)).strftime("%H:%M") for due in got.values()} == {"09:30"}


def test_planning_twice_changes_nothing(db: Engine) -> None:
    """A second pass over unchanged data queues and cancels nothing."""
    build_programme(db, checkins=True)
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    first = plan(db, now)
    second = plan(db, now + timedelta(minutes=1))
    assert first.queued > 0
    assert not second.changed


def test_reload_with_a_moved_module_moves_its_reminders(
    db: Engine, tmp_path: Path, shared_example_file: Path
) -> None:
    """Moving module 3 by a week cancels its old reminders and queues new ones, no duplicates."""
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    with session_scope(db) as session:
        load_programme_path(session, path=shared_example_file)
    plan(db, now)
    before = queued(db)
    text = shared_example_file.read_text(encoding="utf-8")
    moved = tmp_path / "moved.yaml"
    moved.write_text(
        text.replace("starts: 2027-03-11 09:30", "starts: 2027-03-18 09:30").replace(
            "ends: 2027-03-12 16:30", "ends: 2027-03-19 16:30"
        ),
        encoding="utf-8",
    )
    with session_scope(db) as session:
        load_programme_path(session, path=moved)
    report = plan(db, now)
    after = queued(db)
    old_m3 = {k for k in before if ":m3:" in k}
    new_m3 = {k for k in after if ":m3:" in k}
    assert old_m3
    assert new_m3
    assert not old_m3 & new_m3
    assert report.cancelled == len(old_m3)
    assert report.queued == len(new_m3)
    assert {k: v for k, v in before.items() if ":m3:" not in k} == {
        k: v for k, v in after.items() if ":m3:" not in k
    }
    cancelled = {r.key for r in rows(db, status="cancelled")}
    assert cancelled == old_m3
    # One queued reminder per module, offset and target: nothing fires twice.
    identities = [k.rsplit("@", 1)[0] for k in after if k.startswith("reminder:")]
    assert len(identities) == len(set(identities))
    channel_1d = [
        v
        for k, v in after.items()
        if k.startswith("reminder:london-leadership-7:m3:-1d:C07LLP00001@")
    ]
    assert channel_1d == [datetime(2027, 3, 17, 9, 30, tzinfo=UTC)]
    # Moving it back revives the cancelled rows instead of adding more.
    with session_scope(db) as session:
        load_programme_path(session, path=shared_example_file)
    back = plan(db, now)
    assert back.requeued == len(old_m3)
    assert back.queued == 0
    assert queued(db) == before


def test_module_leaving_the_programme_cancels_its_rows(db: Engine) -> None:
    """An inactive module's queued reminders are cancelled, not left to fire."""
    build_programme(db)
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    plan(db, now)
    with session_scope(db) as session:
        module = session.exec(select(Module)).one()
        module.active = False
        session.add(module)
    report = plan(db, now)
    assert report.cancelled == 4
    assert queued(db) == {}
    assert all((r.last_error or "").startswith("no longer planned") for r in rows(db))


def test_reminder_whose_time_passed_is_not_sent_late(
    db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """Planned 3 days before the module, the 7-day reminder is logged once and not queued."""
    build_programme(db, reminders=[(7 * DAY, False), (DAY, False)])
    now = london("2027-01-11 09:30")
    with caplog.at_level(logging.WARNING, logger="bot.planning"):
        report = plan(db, now)
        again = plan(db, now + timedelta(minutes=10))
    assert list(queued(db)) == ["reminder:llp-7:m1:-1d:C07COHORT01@20270113T093000Z"]
    assert report.missed == ["reminder:llp-7:m1:-7d:C07COHORT01@20270107T093000Z"]
    assert not again.changed
    [missed] = rows(db, status="cancelled")
    assert "had passed" in (missed.last_error or "")
    assert len([r for r in caplog.records if "had passed" in r.getMessage()]) == 1


def test_paused_participants_get_no_dms_while_paused(db: Engine) -> None:
    """A pause drops DMs due during it (the channel keeps its reminder); lifting it restores."""
    build_programme(db)
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    plan(db, now)
    with session_scope(db) as session:
        membership = session.exec(
            select(Membership).join(Person).where(Person.slack_id == AMARA)
        ).one()
        membership.paused_until = now + timedelta(days=14)
        session.add(membership)
    paused = plan(db, now)
    assert paused.cancelled == 1
    assert not [k for k in queued(db) if AMARA in k]
    assert [k for k in queued(db) if BEN in k]
    with session_scope(db) as session:
        membership = session.exec(
            select(Membership).join(Person).where(Person.slack_id == AMARA)
        ).one()
        membership.paused_until = None
        session.add(membership)
    assert plan(db, now).requeued == 1
    assert [k for k in queued(db) if AMARA in k]


def test_checkins_invite_everyone_and_nudge_only_non_responders(db: Engine) -> None:
    """Invites open 1 day after the module ends (local), nudges at 3 days to those silent."""
    build_programme(db, reminders=(), checkins=True)
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    plan(db, now)
    got = queued(db)
    assert got[f"checkin:llp-7:m1:invite:{AMARA}@20270116T163000Z"] == london("2027-01-16 16:30")
    assert got[f"checkin:llp-7:m1:nudge:{AMARA}@20270118T163000Z"] == london("2027-01-18 16:30")
    assert len(got) == 4
    with session_scope(db) as session:  # the invitations went out; Amara then reflected
        for row in session.exec(select(ScheduledMessage)):
            row.status = "sent" if row.kind == "checkin_invite" else row.status
            session.add(row)
        person = session.exec(select(Person).where(Person.slack_id == AMARA)).one()
        module = session.exec(select(Module)).one()
        programme = session.exec(select(Programme)).one()
        assert programme.id
        assert module.id
        assert person.id
        session.add(
            Reflection(
                programme_id=programme.id,
                module_id=module.id,
                person_id=person.id,
                answers={"insight": "x"},
                submitted_at=now,
                updated_at=now,
            )
        )
    report = plan(db, london("2027-01-17 10:00"))
    assert report.cancelled == 1
    assert sorted(k.split("@")[0] for k in queued(db)) == [
        f"checkin:llp-7:m1:nudge:{BEN}",
    ]


def test_announcements_go_to_the_channel_and_by_dm(db: Engine) -> None:
    """An announcement with dm reaches the channel and each participant (not organisers)."""
    programme_id = build_programme(db, reminders=())
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    with session_scope(db) as session:
        session.add(
            Announcement(
                programme_id=programme_id, text="Room change", dm=True, due_at=now, created_at=now
            )
        )
    plan(db, now)
    assert sorted(r.target for r in rows(db, status="queued")) == [
        "C07COHORT01",
        AMARA,
        BEN,
    ]
