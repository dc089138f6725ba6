"""Mentoring profiles edited by their owners, and who has not filled theirs in yet.

A participant's profile is goals, development areas, current challenges, notes and
whether their mentor may see it; a mentor's is expertise, capacity and notes. Both may
keep an avoid list (people never to be paired with). Tags are typed as text, one per
line or separated by commas or semicolons; matching normalises them (see `vocabulary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.errors import CohortError
from bot.models import Membership, Person, Programme

MAX_TAGS = 12
MAX_TAG_LENGTH = 80
MAX_NOTES = 1000
MAX_CAPACITY = 10
PARTICIPANT_TAGS = ("goals", "development_areas", "challenges")
MENTOR_TAGS = ("expertise",)


class ProfileInputError(CohortError):
    """A profile value that cannot be saved; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ProfileUpdate:
    """What the profile modal submitted (fields a role does not have are ignored)."""

    tags: dict[str, str]  # field → text as typed
    notes: str | None = None
    capacity: str | None = None
    share_profile_with_mentor: bool | None = None
    avoid: list[str] | None = None


def parse_tags(field: str, text: str | None) -> list[str]:
    """Tags from text: split on new lines, commas and semicolons; duplicates dropped."""
    tags: list[str] = []
    for raw in re.split(r"[\n,;]+", text or ""):
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ProfileInputError(field, f"keep each item under {MAX_TAG_LENGTH} characters")
        if tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ProfileInputError(field, f"at most {MAX_TAGS} items, please")
    return tags


def membership_for(session: Session, *, programme: Programme, slack_id: str) -> Membership:
    """This person's participant or mentor membership; CohortError for anyone else."""
    membership = session.exec(
        select(Membership)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(
            Membership.programme_id == programme.id,
            Person.slack_id == slack_id,
            col(Membership.active).is_(True),
        )
    ).first()
    if membership is None or membership.role not in ("participant", "mentor"):
        raise CohortError(f"only participants and mentors of {programme.name} have a profile")
    return membership


def update_profile(
    session: Session, *, programme: Programme, slack_id: str, update: ProfileUpdate
) -> Membership:
    """Save what the owner submitted; checks every field before changing anything."""
    membership = membership_for(session, programme=programme, slack_id=slack_id)
    fields = PARTICIPANT_TAGS if membership.role == "participant" else MENTOR_TAGS
    values: dict[str, object] = {f: parse_tags(f, update.tags.get(f)) for f in fields}
    notes = (update.notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ProfileInputError("notes", f"keep notes under {MAX_NOTES} characters")
    values["notes"] = notes or None
    if membership.role == "mentor" and update.capacity not in (None, ""):
        values["capacity"] = _capacity(update.capacity or "")
    if membership.role == "participant" and update.share_profile_with_mentor is not None:
        values["share_profile_with_mentor"] = update.share_profile_with_mentor
    if update.avoid is not None:
        values["avoid"] = sorted({u for u in update.avoid if u != slack_id})
    for name, value in values.items():
        setattr(membership, name, value)
    session.add(membership)
    session.flush()
    return membership


def _capacity(text: str) -> int:
    try:
        capacity = int(text.strip())
    except ValueError:
        raise ProfileInputError("capacity", "a whole number of mentees, e.g. 2") from None
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ProfileInputError("capacity", f"between 0 and {MAX_CAPACITY} mentees")
    return capacity


def has_profile(membership: Membership) -> bool:
    """Whether there is anything to match on: a participant's themes, a mentor's expertise."""
    if membership.role == "mentor":
        return bool(membership.expertise)
    return bool(membership.goals or membership.development_areas or membership.challenges)


def missing_profiles(session: Session, *, programme: Programme) -> list[Person]:
    """Participants and mentors with nothing to match on yet, by name."""
    rows = session.exec(
        select(Person, Membership)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(
            Membership.programme_id == programme.id,
            col(Membership.role).in_(("participant", "mentor")),
            col(Membership.active).is_(True),
            col(Person.forgotten).is_(False),
        )
        .order_by(col(Person.name))
    ).all()
    return [person for person, membership in rows if not has_profile(membership)]
