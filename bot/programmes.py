"""Looking up programmes and who someone is in them."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from bot.errors import CohortError
from bot.models import Membership, Person, Programme


def resolve_programme(session: Session, slug: str | None = None) -> Programme:
    """The programme named `slug`, or the only one loaded when `slug` is None."""
    if slug is not None:
        programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
        if programme is None:
            known = ", ".join(session.exec(select(Programme.slug)).all()) or "none loaded"
            raise CohortError(f"--programme: no programme {slug!r} (known: {known})")
        return programme
    programmes = session.exec(select(Programme).order_by(Programme.slug)).all()
    if not programmes:
        raise CohortError("no programme is loaded yet: run `cohort load FILE.yaml` first")
    if len(programmes) > 1:
        slugs = ", ".join(p.slug for p in programmes)
        raise CohortError(f"several programmes are loaded ({slugs}): pass --programme ID")
    return programmes[0]


def programme_count(session: Session) -> int:
    """How many programmes are loaded."""
    return len(session.exec(select(Programme.id)).all())


def participant_count(session: Session, *, programme: Programme) -> int:
    """How many active participants the programme has (completion rates, announcements)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.programme_id == programme.id,
                Membership.role == "participant",
                col(Membership.active),
            )
        ).one()
    )


def find_person(session: Session, slack_id: str) -> Person | None:
    """A person by Slack user id."""
    return session.exec(select(Person).where(Person.slack_id == slack_id)).first()


def memberships_of(session: Session, slack_id: str) -> list[tuple[Programme, Membership]]:
    """Every active programme a person belongs to, with their role there, by programme slug."""
    rows = session.exec(
        select(Programme, Membership)
        .join(Membership, col(Membership.programme_id) == Programme.id)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Person.slack_id == slack_id, Membership.active)
        .order_by(Programme.slug)
    ).all()
    return [(programme, membership) for programme, membership in rows]


def role_in(session: Session, *, programme: Programme, slack_id: str) -> str | None:
    """The person's role in this programme ("participant", "mentor", "organiser") or None."""
    for member_programme, membership in memberships_of(session, slack_id):
        if member_programme.id == programme.id:
            return membership.role
    return None


def is_organiser(session: Session, *, programme: Programme, slack_id: str) -> bool:
    """Only organisers may broadcast, match or export: every handler asks this first."""
    return role_in(session, programme=programme, slack_id=slack_id) == "organiser"
