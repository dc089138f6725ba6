"""The part of a programme the answering index is built from, read once from the database.

A snapshot is plain frozen data (no ORM objects), so an index built from it can be kept
in memory and shared between threads. Its fingerprint changes whenever anything the
index depends on changes (an edited FAQ, a moved module, an organiser's saved answer or
a wording they added to an entry), which is how the cache knows to rebuild.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import Contact, FaqEntry, FaqPhrasing, Module, Programme


@dataclass(frozen=True)
class ModuleInfo:
    """One active module of the programme."""

    number: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None
    online: str | None
    summary: str | None
    prepare: str | None
    speakers: tuple[str, ...]


@dataclass(frozen=True)
class FaqInfo:
    """One active FAQ entry (from the file, or saved by an organiser), with its other
    wordings: the file's `also` and those organisers added from confirmed suggestions."""

    slug: str
    question: str
    answer: str
    also: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class ContactInfo:
    """Someone to contact, with the topics they deal with."""

    name: str
    role: str | None
    topics: tuple[str, ...]
    email: str | None
    phone: str | None
    slack: str | None


@dataclass(frozen=True)
class ProgrammeSnapshot:
    """Everything answering needs about one programme except its people (read live)."""

    programme_id: int
    slug: str
    name: str
    timezone: str
    summary: str | None
    modules: tuple[ModuleInfo, ...]
    faq: tuple[FaqInfo, ...]
    contacts: tuple[ContactInfo, ...]

    @property
    def fingerprint(self) -> str:
        """A hash of the whole snapshot: equal fingerprints, equal indexes."""
        payload = json.dumps(asdict(self), default=str, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def load_snapshot(session: Session, *, programme: Programme) -> ProgrammeSnapshot:
    """Read the programme's active modules, FAQ and contacts, in their file order."""
    assert programme.id is not None
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, Module.active)
        .order_by(col(Module.number))
    ).all()
    faq = session.exec(
        select(FaqEntry)
        .where(FaqEntry.programme_id == programme.id, FaqEntry.active)
        .order_by(col(FaqEntry.position), col(FaqEntry.id))
    ).all()
    learned: dict[str, list[str]] = {}
    for phrasing in session.exec(
        select(FaqPhrasing)
        .where(FaqPhrasing.programme_id == programme.id)
        .order_by(col(FaqPhrasing.id))
    ):
        learned.setdefault(phrasing.faq_slug, []).append(phrasing.text)
    contacts = session.exec(
        select(Contact)
        .where(Contact.programme_id == programme.id)
        .order_by(col(Contact.position), col(Contact.id))
    ).all()
    return ProgrammeSnapshot(
        programme_id=programme.id,
        slug=programme.slug,
        name=programme.name,
        timezone=programme.timezone,
        summary=programme.summary,
        modules=tuple(
            ModuleInfo(
                number=m.number,
                title=m.title,
                starts_at=m.starts_at,
                ends_at=m.ends_at,
                venue=m.venue,
                online=m.online,
                summary=m.summary,
                prepare=m.prepare,
                speakers=tuple(m.speakers or ()),
            )
            for m in modules
        ),
        faq=tuple(
            FaqInfo(
                slug=f.slug,
                question=f.question,
                answer=f.answer,
                also=(*(f.also or ()), *learned.get(f.slug, ())),
                origin=f.origin,
            )
            for f in faq
        ),
        contacts=tuple(
            ContactInfo(
                name=c.name,
                role=c.role,
                topics=tuple(c.topics or ()),
                email=c.email,
                phone=c.phone,
                slack=c.slack,
            )
            for c in contacts
        ),
    )
