"""Mentor matching against the database: propose, apply, and look up pairs.

`propose_matches` reads who is in the programme and what has happened before, scores
and solves, and returns a `Proposal` without writing anything. `apply_matches` checks a
proposal again (the database may have moved on since it was made) and records the pairs
as active matches. Like every service here, nothing commits: the caller owns the
transaction, so a proposal that fails its checks leaves the database unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlmodel import Session, col, delete, select

from bot import outbox
from bot.errors import CohortError
from bot.matching.scoring import score_pairs
from bot.matching.situation import person_id, programme_id, read_situation
from bot.matching.solver import Exclusion, solve
from bot.models import MeetingLog, MentorMatch, Person, Programme


@dataclass(frozen=True)
class ProposedPair:
    """One proposed pair: who, how well they fit, and the shared themes."""

    mentor: str
    mentee: str
    score: float
    reasons: list[str]
    mentor_name: str = ""
    mentee_name: str = ""


@dataclass(frozen=True)
class UnmatchedMentee:
    """A mentee the proposal leaves out, and why."""

    mentee: str
    reason: str
    name: str = ""


@dataclass(frozen=True)
class Proposal:
    """A proposed set of new pairs for one programme (existing active pairs are kept)."""

    programme: str
    pairs: list[ProposedPair] = field(default_factory=list)
    unmatched: list[UnmatchedMentee] = field(default_factory=list)

    @property
    def total_score(self) -> float:
        return sum(pair.score for pair in self.pairs)

    def to_json(self) -> dict[str, Any]:
        """The `cohort match --json` object of interfaces.md."""
        return {
            "programme": self.programme,
            "pairs": [
                {
                    "mentor": p.mentor,
                    "mentee": p.mentee,
                    "score": round(p.score, 2),
                    "reasons": list(p.reasons),
                }
                for p in self.pairs
            ],
            "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in self.unmatched],
            "total_score": round(self.total_score, 2),
        }


def require_mentoring(programme: Programme) -> None:
    if not programme.mentoring_enabled:
        raise CohortError(
            f"programme {programme.slug!r} has mentoring switched off "
            "(add a `mentoring:` section to its programme file)"
        )


def propose_matches(session: Session, *, programme: Programme) -> Proposal:
    """The best new pairs for every participant without an active mentor; writes nothing."""
    require_mentoring(programme)
    situation = read_situation(session, programme)
    mentees, mentors = situation.mentees, situation.mentors
    scores = score_pairs(
        [m.mentee_profile() for m in mentees], [m.mentor_profile() for m in mentors]
    )
    capacity = np.array([situation.capacity_left(programme, m) for m in mentors], dtype=np.int64)
    excluded = np.array(
        [[situation.exclusion(programme, e, r) for r in mentors] for e in mentees],
        dtype=np.int8,
    ).reshape(len(mentees), len(mentors))
    assignment = solve(scores.matrix, capacity, excluded)
    return Proposal(
        programme=programme.slug,
        pairs=[
            ProposedPair(
                mentor=mentors[j].person.slack_id,
                mentee=mentees[i].person.slack_id,
                score=float(scores.matrix[i, j]),
                reasons=scores.reasons(i, j),
                mentor_name=mentors[j].person.name,
                mentee_name=mentees[i].person.name,
            )
            for i, j in assignment.pairs
        ],
        unmatched=[
            UnmatchedMentee(mentees[i].person.slack_id, reason, name=mentees[i].person.name)
            for i, reason in sorted(assignment.unmatched.items())
        ],
    )


def apply_matches(
    session: Session,
    *,
    programme: Programme,
    proposal: Proposal,
    approved_by: str | None,
    now: datetime,
) -> list[MentorMatch]:
    """Record a proposal's pairs as active matches, after checking every pair again.

    Raises `CohortError` naming each pair that is no longer possible (someone left, was
    matched meanwhile, a mentor filled up, an exclusion appeared) before writing anything.
    """
    require_mentoring(programme)
    if proposal.programme != programme.slug:
        raise CohortError(f"the proposal is for {proposal.programme!r}, not {programme.slug!r}")
    situation = read_situation(session, programme)
    mentees = {m.person.slack_id: m for m in situation.mentees}
    mentors = {m.person.slack_id: m for m in situation.mentors}
    taken: dict[str, int] = {}
    problems: list[str] = []
    for pair in proposal.pairs:
        mentee, mentor = mentees.get(pair.mentee), mentors.get(pair.mentor)
        where = f"pair {pair.mentor}–{pair.mentee}"
        if mentee is None:
            problems.append(f"{where}: {pair.mentee} is not a participant without a mentor")
        elif mentor is None:
            problems.append(f"{where}: {pair.mentor} is not a mentor of this programme")
        elif taken.get(pair.mentee):
            problems.append(f"{where}: {pair.mentee} appears in more than one pair")
        elif situation.exclusion(programme, mentee, mentor) != Exclusion.ALLOWED:
            reason = situation.exclusion(programme, mentee, mentor).name.lower()
            problems.append(f"{where}: excluded ({reason.replace('_', ' ')})")
        else:
            taken[pair.mentee] = 1
            taken[pair.mentor] = taken.get(pair.mentor, 0) + 1
            if taken[pair.mentor] > situation.capacity_left(programme, mentor):
                problems.append(f"{where}: {pair.mentor} has no capacity left")
    if problems:
        raise CohortError("\n".join(problems))
    discard_stored_proposal(session, programme=programme)
    created = [
        MentorMatch(
            programme_id=programme_id(programme),
            mentor_id=person_id(mentors[pair.mentor].person),
            mentee_id=person_id(mentees[pair.mentee].person),
            score=round(pair.score, 6),
            reasons=list(pair.reasons),
            status="active",
            created_at=now,
            approved_by=approved_by,
        )
        for pair in proposal.pairs
    ]
    session.add_all(created)
    session.flush()
    queue_introductions(session, programme=programme, matches=created, now=now)
    return created


def discard_stored_proposal(session: Session, *, programme: Programme) -> None:
    """Drop the proposal stored for Slack (`proposals.py`): recorded pairs make it stale."""
    session.exec(
        delete(MentorMatch).where(
            col(MentorMatch.programme_id) == programme.id, col(MentorMatch.status) == "proposed"
        )
    )


def intro_key(programme: Programme, match_id: int) -> str:
    """The outbox key of a pair's introduction: one per pair, ever."""
    return f"intro:{programme.slug}:{match_id}"


def queue_introductions(
    session: Session, *, programme: Programme, matches: list[MentorMatch], now: datetime
) -> int:
    """Queue one group-DM introduction per pair (idempotent by key); how many were new."""
    people = {
        p.id: p.slack_id
        for p in session.exec(
            select(Person).where(
                col(Person.id).in_([m.mentor_id for m in matches] + [m.mentee_id for m in matches])
            )
        ).all()
    }
    queued = 0
    for match in matches:
        assert match.id is not None
        queued += outbox.queue(
            session,
            key=intro_key(programme, match.id),
            kind="mentor_intro",
            target=f"{people[match.mentor_id]},{people[match.mentee_id]}",
            due_at=now,
            payload={"match_id": match.id},
            programme_id=programme.id,
            now=now,
        )
    return queued


def active_matches(session: Session, *, programme: Programme) -> list[MentorMatch]:
    """The programme's active pairs, oldest first."""
    return list(
        session.exec(
            select(MentorMatch)
            .where(MentorMatch.programme_id == programme.id, MentorMatch.status == "active")
            .order_by(col(MentorMatch.created_at), col(MentorMatch.id))
        ).all()
    )


@dataclass(frozen=True)
class Pairing:
    """An active pair as people see it: both people and their last logged meeting."""

    match: MentorMatch
    mentor: Person
    mentee: Person
    last_meeting: MeetingLog | None


def _person(session: Session, slack_id: str) -> Person | None:
    return session.exec(select(Person).where(Person.slack_id == slack_id)).first()


def last_meeting(session: Session, *, match_id: int) -> MeetingLog | None:
    """The most recent meeting logged for a pair (by meeting date, then when logged)."""
    return session.exec(
        select(MeetingLog)
        .where(MeetingLog.match_id == match_id)
        .order_by(col(MeetingLog.met_on).desc(), col(MeetingLog.created_at).desc())
    ).first()


def pairings_of(session: Session, *, programme: Programme, slack_id: str) -> list[Pairing]:
    """Every active pair this person is in (as mentor or mentee), with the last meeting."""
    person = _person(session, slack_id)
    if person is None:
        return []
    matches = [
        m
        for m in active_matches(session, programme=programme)
        if person.id in (m.mentor_id, m.mentee_id)
    ]
    return [pairing_of(session, m) for m in matches]


def pairing_of(session: Session, match: MentorMatch) -> Pairing:
    """Both people of a match and its last meeting."""
    mentor, mentee = session.get(Person, match.mentor_id), session.get(Person, match.mentee_id)
    if mentor is None or mentee is None or match.id is None:
        raise ValueError(f"match {match.id} points at a missing person")
    return Pairing(match, mentor, mentee, last_meeting(session, match_id=match.id))


def mentor_of(session: Session, *, programme: Programme, slack_id: str) -> Person | None:
    """The active mentor of this participant in this programme; None when not matched yet."""
    for pairing in pairings_of(session, programme=programme, slack_id=slack_id):
        if pairing.mentee.slack_id == slack_id:
            return pairing.mentor
    return None
