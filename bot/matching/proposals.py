"""A proposal organisers adjust in Slack before approving it: stored as `proposed` rows.

`/cohort match` stores the solver's pairs as MentorMatch rows with status `proposed`
(replacing any earlier proposal of the programme). Organisers may remove a pair, or swap
a mentee's mentor: to a mentor with room, or by exchanging mentors with another proposed
pair when that mentor is full. Every swap keeps the hard constraints. *Approve all* turns
the rows into a `Proposal` and hands it to `apply_matches`, which checks everything again,
records active pairs and queues the introductions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlmodel import Session, col, select

from bot.errors import CohortError
from bot.matching.scoring import score_pairs
from bot.matching.service import (
    Proposal,
    ProposedPair,
    apply_matches,
    discard_stored_proposal,
    propose_matches,
    require_mentoring,
)
from bot.matching.situation import Member, Situation, person_id, programme_id, read_situation
from bot.matching.solver import Exclusion, why_unmatched
from bot.models import MentorMatch, Person, Programme

PROPOSED = "proposed"
MAX_OPTIONS = 100  # a Slack static select holds at most 100 options


@dataclass(frozen=True)
class ProposedRow:
    """One stored proposed pair, with both people."""

    match_id: int
    mentor: Person
    mentee: Person
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class ProposalView:
    """The stored proposal as organisers see it: pairs, and who is left out and why."""

    programme: Programme
    pairs: list[ProposedRow]
    unmatched: list[tuple[Person, str]]

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.pairs)


@dataclass(frozen=True)
class SwapOption:
    """Another mentor for a proposed mentee: `value` says how (`move:U…` or `swap:ID`)."""

    value: str
    label: str
    score: float


def _rows(session: Session, programme: Programme) -> list[MentorMatch]:
    return list(
        session.exec(
            select(MentorMatch)
            .where(MentorMatch.programme_id == programme.id, MentorMatch.status == PROPOSED)
            .order_by(col(MentorMatch.id))
        ).all()
    )


def store_proposal(session: Session, *, programme: Programme, now: datetime) -> ProposalView:
    """Propose afresh and store it, replacing the programme's earlier proposal."""
    proposal = propose_matches(session, programme=programme)
    discard_stored_proposal(session, programme=programme)
    people = {p.slack_id: p for p in session.exec(select(Person)).all()}
    session.add_all(
        MentorMatch(
            programme_id=programme_id(programme),
            mentor_id=person_id(people[pair.mentor]),
            mentee_id=person_id(people[pair.mentee]),
            score=round(pair.score, 6),
            reasons=list(pair.reasons),
            status=PROPOSED,
            created_at=now,
        )
        for pair in proposal.pairs
    )
    session.flush()
    return proposal_view(session, programme=programme)


def proposal_view(session: Session, *, programme: Programme) -> ProposalView:
    """The stored proposal, with a reason for each participant it leaves out."""
    situation = read_situation(session, programme)
    rows = _rows(session, programme)
    people = {m.person.id: m for m in situation.mentees + situation.mentors}
    pairs = [
        ProposedRow(
            r.id or 0, people[r.mentor_id].person, people[r.mentee_id].person, r.score, r.reasons
        )
        for r in rows
        if r.mentor_id in people and r.mentee_id in people
    ]
    proposed = {r.mentee_id for r in rows}
    left = _capacity_left(situation, programme, rows)
    unmatched = []
    for mentee in situation.mentees:
        if mentee.person.id in proposed:
            continue
        exclusions = np.array(
            [situation.exclusion(programme, mentee, r) for r in situation.mentors]
        )
        capacity = np.array([left[person_id(r.person)] for r in situation.mentors])
        free = (exclusions == Exclusion.ALLOWED) & (capacity > 0)
        reason = "removed from this proposal" if free.any() else why_unmatched(exclusions, capacity)
        unmatched.append((mentee.person, reason))
    return ProposalView(programme, pairs, unmatched)


def _capacity_left(
    situation: Situation, programme: Programme, rows: list[MentorMatch]
) -> dict[int, int]:
    """Each mentor's room once active pairs and the proposed ones are counted."""
    left = {person_id(m.person): situation.capacity_left(programme, m) for m in situation.mentors}
    for row in rows:
        if row.mentor_id in left:
            left[row.mentor_id] -= 1
    return left


def _row(session: Session, programme: Programme, match_id: int) -> MentorMatch:
    row = session.get(MentorMatch, match_id)
    if row is None or row.programme_id != programme.id or row.status != PROPOSED:
        raise CohortError("that pair is no longer in the proposal: run `/cohort match` again")
    return row


def remove_proposed(session: Session, *, programme: Programme, match_id: int) -> None:
    """Take one pair out of the stored proposal."""
    session.delete(_row(session, programme, match_id))
    session.flush()


def _members(situation: Situation) -> dict[int, Member]:
    return {person_id(m.person): m for m in situation.mentees + situation.mentors}


def swap_options(session: Session, *, programme: Programme, match_id: int) -> list[SwapOption]:
    """The other mentors this pair's mentee could have, best score first."""
    row = _row(session, programme, match_id)
    situation = read_situation(session, programme)
    members = _members(situation)
    mentee, current = members[row.mentee_id], members[row.mentor_id]
    rows = _rows(session, programme)
    left = _capacity_left(situation, programme, rows)
    others = [m for m in situation.mentors if person_id(m.person) != row.mentor_id]
    scores = score_pairs([mentee.mentee_profile()], [m.mentor_profile() for m in others]).matrix
    options: list[SwapOption] = []
    for j, mentor in enumerate(others):
        if situation.exclusion(programme, mentee, mentor) != Exclusion.ALLOWED:
            continue
        score, name = float(scores[0, j]), mentor.person.name
        if left[person_id(mentor.person)] > 0:
            options.append(
                SwapOption(f"move:{mentor.person.slack_id}", f"{name} ({score:.2f})", score)
            )
            continue
        for other in rows:
            partner = members.get(other.mentee_id)
            if other.mentor_id != person_id(mentor.person) or partner is None:
                continue
            if situation.exclusion(programme, partner, current) == Exclusion.ALLOWED:
                label = f"{name}, swapping with {partner.person.name} ({score:.2f})"
                options.append(SwapOption(f"swap:{other.id}", label, score))
    options.sort(key=lambda o: (-o.score, o.label))
    return options[:MAX_OPTIONS]


def apply_swap(session: Session, *, programme: Programme, match_id: int, choice: str) -> None:
    """Give this pair's mentee the chosen mentor (moving, or exchanging with another pair)."""
    valid = {o.value for o in swap_options(session, programme=programme, match_id=match_id)}
    if choice not in valid:
        raise CohortError("that mentor is no longer available for this mentee")
    row = _row(session, programme, match_id)
    situation = read_situation(session, programme)
    members = _members(situation)
    how, _, ref = choice.partition(":")
    if how == "move":
        mentor = next(m for m in situation.mentors if m.person.slack_id == ref)
        _rescore(row, members[row.mentee_id], mentor)
    else:
        other = _row(session, programme, int(ref))
        mine, theirs = members[row.mentor_id], members[other.mentor_id]
        _rescore(row, members[row.mentee_id], theirs)
        _rescore(other, members[other.mentee_id], mine)
        session.add(other)
    session.add(row)
    session.flush()


def _rescore(row: MentorMatch, mentee: Member, mentor: Member) -> None:
    scores = score_pairs([mentee.mentee_profile()], [mentor.mentor_profile()])
    row.mentor_id = person_id(mentor.person)
    row.score = round(float(scores.matrix[0, 0]), 6)
    row.reasons = scores.reasons(0, 0)


def approve_proposal(
    session: Session, *, programme: Programme, approved_by: str, now: datetime
) -> list[MentorMatch]:
    """Record the stored proposal as active pairs (checked again) and queue introductions."""
    require_mentoring(programme)
    view = proposal_view(session, programme=programme)
    if not view.pairs:
        raise CohortError("there is no proposal to approve: run `/cohort match` first")
    proposal = Proposal(
        programme=programme.slug,
        pairs=[
            ProposedPair(p.mentor.slack_id, p.mentee.slack_id, p.score, list(p.reasons))
            for p in view.pairs
        ],
    )
    return apply_matches(
        session, programme=programme, proposal=proposal, approved_by=approved_by, now=now
    )
