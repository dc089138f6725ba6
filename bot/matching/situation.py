"""What matching needs to know about a programme: who is in it and what happened before.

Read once per proposal or approval, so the exclusions and capacities used to propose a
set of pairs are the same ones used to check it again before it is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.matching.scoring import MenteeProfile, MentorProfile
from bot.matching.solver import Exclusion
from bot.matching.vocabulary import same_organisation
from bot.models import Membership, MentorMatch, Person, Programme


@dataclass(frozen=True)
class Member:
    """A person and their membership (role and profile) in the programme."""

    person: Person
    membership: Membership

    def mentee_profile(self) -> MenteeProfile:
        m = self.membership
        return MenteeProfile(
            self.person.slack_id, goals=m.goals, development_areas=m.development_areas,
            challenges=m.challenges, notes=m.notes,
        )  # fmt: skip

    def mentor_profile(self) -> MentorProfile:
        m = self.membership
        return MentorProfile(
            self.person.slack_id, expertise=m.expertise, job_title=self.person.job_title,
            notes=m.notes,
        )  # fmt: skip


@dataclass
class Situation:
    """Everything matching needs to know about a programme, read once."""

    mentees: list[Member]  # participants without an active mentor
    mentors: list[Member]
    load: dict[int, int]  # person id → active mentees now
    ended: set[tuple[int, int]]  # (mentor person id, mentee person id) pairs that ended
    matched_mentees: set[int]  # person ids with an active mentor

    def capacity_left(self, programme: Programme, mentor: Member) -> int:
        capacity = mentor.membership.capacity
        capacity = programme.mentoring_capacity if capacity is None else capacity
        return max(0, capacity - self.load.get(person_id(mentor.person), 0))

    def exclusion(self, programme: Programme, mentee: Member, mentor: Member) -> Exclusion:
        """Why this pair may not be chosen, or `Exclusion.ALLOWED`."""
        if (
            mentor.person.slack_id in mentee.membership.avoid
            or mentee.person.slack_id in mentor.membership.avoid
        ):
            return Exclusion.AVOID_LIST
        if (person_id(mentor.person), person_id(mentee.person)) in self.ended:
            return Exclusion.ENDED_BEFORE
        if programme.avoid_same_organisation and same_organisation(
            mentor.person.organisation, mentee.person.organisation
        ):
            return Exclusion.SAME_ORGANISATION
        return Exclusion.ALLOWED


def programme_id(programme: Programme) -> int:
    """A stored programme's id (never None once flushed)."""
    if programme.id is None:
        raise ValueError("programme has no id: flush it first")
    return programme.id


def person_id(person: Person) -> int:
    if person.id is None:
        raise ValueError("person has no id: flush it first")
    return person.id


def members(session: Session, programme: Programme, role: str) -> list[Member]:
    rows = session.exec(
        select(Person, Membership)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(
            Membership.programme_id == programme.id,
            Membership.role == role,
            col(Membership.active).is_(True),
            col(Person.forgotten).is_(False),
        )
        .order_by(col(Person.slack_id))
    ).all()
    return [Member(person, membership) for person, membership in rows]


def read_situation(session: Session, programme: Programme) -> Situation:
    """Members, mentors' current load and past pairs; a forgotten mentee frees their place."""
    matches = session.exec(
        select(MentorMatch).where(MentorMatch.programme_id == programme.id)
    ).all()
    forgotten = set(session.exec(select(Person.id).where(col(Person.forgotten).is_(True))).all())
    active = [m for m in matches if m.status == "active" and m.mentee_id not in forgotten]
    load: dict[int, int] = {}
    for match in active:
        load[match.mentor_id] = load.get(match.mentor_id, 0) + 1
    matched = {m.mentee_id for m in active}
    return Situation(
        mentees=[
            m for m in members(session, programme, "participant") if m.person.id not in matched
        ],
        mentors=members(session, programme, "mentor"),
        load=load,
        ended={(m.mentor_id, m.mentee_id) for m in matches if m.status == "ended"},
        matched_mentees=matched,
    )
