"""Upsert a validated programme file into the database, by natural keys.

Loading is idempotent: an attribute is written only when its value differs, so loading
the same file twice issues no UPDATE at all and leaves the database byte-for-byte the
same. Loading an edited file changes only what changed. Nothing that is history is
deleted: a module or FAQ entry that leaves the file is marked inactive (its reminders are
then cancelled by the planner), reflections, matches and the question log are untouched.
People missing from the file are kept, because they may have come from a CSV import.

The caller owns the transaction (`with session_scope(engine) as session:`), so a file
that fails halfway changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from bot.models import (
    CheckinPrompt,
    Contact,
    FaqEntry,
    Membership,
    Module,
    Person,
    Programme,
    ReminderRule,
)
from bot.programme_file import PersonSpec, ProgrammeFile, parse_programme_file

T = TypeVar("T", bound=SQLModel)


@dataclass
class LoadReport:
    """What a load did, per kind of row: created, updated, deactivated or deleted."""

    programme: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(count for key, count in self.counts.items() if not key.endswith(":same"))

    def note(self, kind: str, outcome: str) -> None:
        self.counts[f"{kind}:{outcome}"] += 1

    def summary(self) -> str:
        """One line for the CLI, e.g. `london-leadership-7: 6 modules (1 updated), …`."""
        parts = []
        for kind in ("module", "person", "faq", "contact", "reminder", "prompt"):
            total = sum(n for k, n in self.counts.items() if k.startswith(f"{kind}:"))
            if not total:
                continue
            changes = [
                f"{self.counts[f'{kind}:{outcome}']} {outcome}"
                for outcome in ("created", "updated", "deactivated", "deleted")
                if self.counts[f"{kind}:{outcome}"]
            ]
            label = "people" if kind == "person" else f"{kind}s" if kind != "faq" else "FAQ"
            live = total - self.counts[f"{kind}:deleted"] - self.counts[f"{kind}:deactivated"]
            parts.append(f"{live} {label}" + (f" ({', '.join(changes)})" if changes else ""))
        state = "loaded" if self.changed else "unchanged"
        return f"{self.programme}: {state}; " + ", ".join(parts)


def assign(row: SQLModel, values: dict[str, Any]) -> bool:
    """Set only the attributes whose values differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def upsert(
    session: Session,
    model: type[T],
    key: dict[str, Any],
    values: dict[str, Any],
    report: LoadReport,
    kind: str,
) -> T:
    """Find the row by its natural key and bring it up to date, or create it."""
    row = session.exec(select(model).filter_by(**key)).first()
    if row is None:
        row = model(**key, **values)
        session.add(row)
        report.note(kind, "created")
    elif assign(row, values):
        report.note(kind, "updated")
    else:
        report.note(kind, "same")
    return row


def load_programme_path(session: Session, *, path: Path) -> LoadReport:
    """Validate a programme file and upsert it (in the caller's transaction)."""
    return load_programme(session, document=parse_programme_file(path))


def load_programme(session: Session, *, document: ProgrammeFile) -> LoadReport:
    """Upsert a validated programme file; see the module docstring for the rules."""
    spec = document.programme
    report = LoadReport(spec.id)
    programme = upsert(
        session, Programme, {"slug": spec.id}, _programme_values(document), report, "programme"
    )
    session.flush()
    assert programme.id is not None
    _load_contacts(session, programme.id, document, report)
    _load_reminders(session, programme.id, document, report)
    _load_prompts(session, programme.id, document, report)
    _load_modules(session, programme.id, document, report)
    for person in document.people:
        upsert_person(session, programme_id=programme.id, spec=person, report=report)
    _load_faq(session, programme.id, document, report)
    session.flush()
    return report


def _programme_values(document: ProgrammeFile) -> dict[str, Any]:
    spec, checkins, mentoring = document.programme, document.checkins, document.mentoring
    values: dict[str, Any] = {
        "name": spec.name,
        "timezone": spec.timezone,
        "channel": spec.channel,
        "organisers_channel": spec.organisers_channel,
        "summary": spec.summary,
        "share_reflections_with_organisers": spec.share_reflections_with_organisers,
        "checkins_enabled": checkins is not None,
        "mentoring_enabled": mentoring is not None,
    }
    if checkins is not None:
        values |= {
            "checkin_open_after_s": checkins.open_after,
            "checkin_nudge_after_s": checkins.nudge_after,
            "checkin_close_after_s": checkins.close_after,
        }
    if mentoring is not None:
        values |= {
            "mentoring_capacity": mentoring.capacity,
            "avoid_same_organisation": mentoring.avoid_same_organisation,
            "mentor_prompt_every_s": mentoring.prompt_every,
        }
    return values


def _load_contacts(session: Session, pid: int, document: ProgrammeFile, report: LoadReport) -> None:
    wanted = set()
    for position, contact in enumerate(document.programme.contacts):
        wanted.add(contact.name)
        values = contact.model_dump(exclude={"name"}) | {"position": position}
        upsert(
            session, Contact, {"programme_id": pid, "name": contact.name}, values, report, "contact"
        )
    for row in session.exec(select(Contact).where(Contact.programme_id == pid)):
        if row.name not in wanted:
            session.delete(row)
            report.note("contact", "deleted")


def _load_reminders(
    session: Session, pid: int, document: ProgrammeFile, report: LoadReport
) -> None:
    wanted = {rule.before for rule in document.reminders}
    for rule in document.reminders:
        upsert(
            session,
            ReminderRule,
            {"programme_id": pid, "before_s": rule.before},
            {"dm": rule.dm},
            report,
            "reminder",
        )
    for row in session.exec(select(ReminderRule).where(ReminderRule.programme_id == pid)):
        if row.before_s not in wanted:
            session.delete(row)
            report.note("reminder", "deleted")


def _load_prompts(session: Session, pid: int, document: ProgrammeFile, report: LoadReport) -> None:
    prompts = document.checkins.prompts if document.checkins else []
    for position, prompt in enumerate(prompts):
        values = {"text": prompt.text, "scale": prompt.scale, "position": position, "active": True}
        upsert(
            session,
            CheckinPrompt,
            {"programme_id": pid, "key": prompt.id},
            values,
            report,
            "prompt",
        )
    _deactivate(session, CheckinPrompt, pid, "key", {p.id for p in prompts}, report, "prompt")


def _load_modules(session: Session, pid: int, document: ProgrammeFile, report: LoadReport) -> None:
    for module in document.modules:
        values = module.model_dump(exclude={"number", "starts", "ends"}) | {
            "starts_at": document.aware(module.starts),
            "ends_at": document.aware(module.ends),
            "active": True,
        }
        upsert(
            session,
            Module,
            {"programme_id": pid, "number": module.number},
            values,
            report,
            "module",
        )
    numbers = {m.number for m in document.modules}
    _deactivate(session, Module, pid, "number", numbers, report, "module")


def _load_faq(session: Session, pid: int, document: ProgrammeFile, report: LoadReport) -> None:
    for position, entry in enumerate(document.faq):
        values = {
            "question": entry.question,
            "answer": entry.answer,
            "also": entry.also,
            "position": position,
            "origin": "file",
            "active": True,
        }
        upsert(session, FaqEntry, {"programme_id": pid, "slug": entry.id}, values, report, "faq")
    in_file = {entry.id for entry in document.faq}
    file_rows = select(FaqEntry).where(FaqEntry.programme_id == pid, FaqEntry.origin == "file")
    for row in session.exec(file_rows):
        if row.slug not in in_file and row.active:
            row.active = False
            report.note("faq", "deactivated")


def _deactivate(
    session: Session,
    model: type[Any],
    pid: int,
    key: str,
    keep: set[Any],
    report: LoadReport,
    kind: str,
) -> None:
    """Mark rows no longer in the file inactive: they may carry history."""
    for row in session.exec(select(model).where(model.programme_id == pid)):
        if getattr(row, key) not in keep and row.active:
            row.active = False
            report.note(kind, "deactivated")


def upsert_person(
    session: Session, *, programme_id: int, spec: PersonSpec, report: LoadReport
) -> Membership:
    """Upsert a person (global, by Slack id) and their role and profile in one programme."""
    person = upsert(
        session,
        Person,
        {"slack_id": spec.slack},
        {"name": spec.name, "organisation": spec.organisation, "job_title": spec.job_title},
        report,
        "person",
    )
    session.flush()
    assert person.id is not None
    profile = spec.model_dump(
        include={
            "role",
            "goals",
            "development_areas",
            "challenges",
            "expertise",
            "capacity",
            "avoid",
            "notes",
        }
    )
    membership = upsert(
        session,
        Membership,
        {"programme_id": programme_id, "person_id": person.id},
        profile | {"active": True},
        report,
        "membership",
    )
    return membership
