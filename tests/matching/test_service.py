"""Matching against the database: propose, apply, exclusions, and who is whose mentor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.errors import CohortError
from bot.loader import load_programme_path
from bot.matching.service import (
    Proposal,
    ProposedPair,
    apply_matches,
    last_meeting,
    mentor_of,
    pairings_of,
    propose_matches,
)
from bot.models import MeetingLog, Membership, MentorMatch, Person, Programme
from bot.programmes import resolve_programme
from tests.dbdump import dump

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def loaded(engine: Engine, path: Path) -> str:
    with session_scope(engine) as session:
        return load_programme_path(session, path=path).programme


def propose(engine: Engine, slug: str) -> Proposal:
    with session_scope(engine) as session:
        return propose_matches(session, programme=resolve_programme(session, slug))


def apply(engine: Engine, slug: str, proposal: Proposal) -> None:
    with session_scope(engine) as session:
        programme = resolve_programme(session, slug)
        apply_matches(session, programme=programme, proposal=proposal, approved_by="U1", now=NOW)


def people(session: Session) -> dict[str, Person]:
    return {p.slack_id: p for p in session.exec(select(Person))}


def test_proposal_matches_everyone_and_respects_organisations(
    db: Engine, shared_example_file: Path
) -> None:
    """All six participants get a mentor from another organisation; Daniel gets Margaret."""
    slug = loaded(db, shared_example_file)
    before = dump(db)
    proposal = propose(db, slug)
    assert dump(db) == before  # proposing writes nothing
    data = proposal.to_json()
    assert set(data) == {"programme", "pairs", "unmatched", "total_score"}
    assert data["programme"] == "london-leadership-7"
    assert data["unmatched"] == []
    pairs = {p["mentee"]: p for p in data["pairs"]}
    assert len(pairs) == 6
    assert pairs["U07LLPP0002"]["mentor"] == "U07LLPM0001"
    assert pairs["U07LLPP0002"]["reasons"][:2] == ["chief executive role", "finance"]
    assert pairs["U07LLPP0001"]["mentor"] != "U07LLPM0002"  # both Hackney
    assert abs(data["total_score"] - sum(p["score"] for p in data["pairs"])) < 0.03
    with session_scope(db) as session:
        everyone = people(session)
        for pair in proposal.pairs:
            assert everyone[pair.mentor].organisation != everyone[pair.mentee].organisation


def test_avoid_lists_and_capacity_hold_on_the_larger_example(
    db: Engine, example_file: Path
) -> None:
    """Beverley never gets U0EXPART10 (her avoid list); no mentor exceeds capacity."""
    slug = loaded(db, example_file)
    proposal = propose(db, slug)
    assert ("U0EXMENT05", "U0EXPART10") not in {(p.mentor, p.mentee) for p in proposal.pairs}
    load: dict[str, int] = {}
    for pair in proposal.pairs:
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    assert load.get("U0EXMENT04", 0) <= 2
    assert load.get("U0EXMENT01", 0) <= 3
    assert len(proposal.pairs) == 12  # 3 + 3 + 2 + 2 + 2 slots for 12 participants
    assert all(pair.reasons for pair in proposal.pairs if pair.score > 0.3)


def test_apply_records_active_pairs_and_the_next_proposal_keeps_them(
    db: Engine, shared_example_file: Path
) -> None:
    """Applied pairs are active; a new proposal has nobody left to match and changes nothing."""
    slug = loaded(db, shared_example_file)
    apply(db, slug, propose(db, slug))
    with session_scope(db) as session:
        matches = session.exec(select(MentorMatch)).all()
        assert len(matches) == 6
        assert {m.status for m in matches} == {"active"}
        assert all(m.approved_by == "U1" and m.created_at == NOW for m in matches)
    again = propose(db, slug)
    assert again.pairs == []
    assert again.unmatched == []


def test_a_pair_that_ended_is_never_proposed_again(db: Engine, shared_example_file: Path) -> None:
    """After Daniel's match with Margaret ends, Daniel is re-matched to someone else."""
    slug = loaded(db, shared_example_file)
    apply(db, slug, propose(db, slug))
    with session_scope(db) as session:
        everyone = people(session)
        match = session.exec(
            select(MentorMatch).where(MentorMatch.mentee_id == everyone["U07LLPP0002"].id)
        ).one()
        match.status, match.ended_at = "ended", NOW
    proposal = propose(db, slug)
    assert [p.mentee for p in proposal.pairs] == ["U07LLPP0002"]
    assert proposal.pairs[0].mentor != "U07LLPM0001"


def test_unmatched_mentees_say_why(db: Engine, shared_example_file: Path) -> None:
    """With every mentor excluded for Amara, she is unmatched with the reasons counted."""
    slug = loaded(db, shared_example_file)
    with session_scope(db) as session:
        amara = session.exec(
            select(Membership).join(Person).where(Person.slack_id == "U07LLPP0001")
        ).one()
        amara.avoid = ["U07LLPM0001", "U07LLPM0003", "U07LLPM0004"]
    proposal = propose(db, slug)
    assert [(u.mentee, u.reason) for u in proposal.unmatched] == [
        (
            "U07LLPP0001",
            "every mentor is excluded: 1 from the same organisation, 3 on an avoid list",
        )
    ]
    assert proposal.to_json()["unmatched"] == [
        {"mentee": "U07LLPP0001", "reason": proposal.unmatched[0].reason}
    ]


def test_apply_rejects_a_stale_proposal_and_writes_nothing(
    db: Engine, shared_example_file: Path
) -> None:
    """An excluded pair, an unknown mentor or a full mentor fail with one line each."""
    slug = loaded(db, shared_example_file)
    before = dump(db)
    bad = Proposal(
        programme=slug,
        pairs=[
            ProposedPair("U07LLPM0002", "U07LLPP0001", 0.9, []),  # same organisation
            ProposedPair("U07LLPMXXXX", "U07LLPP0003", 0.5, []),  # not a mentor
            ProposedPair("U07LLPM0004", "U07LLPP0004", 0.5, []),
            ProposedPair("U07LLPM0004", "U07LLPP0005", 0.5, []),
            ProposedPair("U07LLPM0004", "U07LLPP0006", 0.5, []),  # third for capacity 2
        ],
    )
    with pytest.raises(CohortError) as failure:
        apply(db, slug, bad)
    assert str(failure.value).splitlines() == [
        "pair U07LLPM0002–U07LLPP0001: excluded (same organisation)",
        "pair U07LLPMXXXX–U07LLPP0003: U07LLPMXXXX is not a mentor of this programme",
        "pair U07LLPM0004–U07LLPP0006: U07LLPM0004 has no capacity left",
    ]
    assert dump(db) == before


def test_matching_needs_mentoring_switched_on(db: Engine, shared_example_file: Path) -> None:
    """A programme without a mentoring section refuses to match, saying how to fix it."""
    slug = loaded(db, shared_example_file)
    with session_scope(db) as session:
        resolve_programme(session, slug).mentoring_enabled = False
    with pytest.raises(CohortError, match="mentoring switched off"):
        propose(db, slug)


def test_mentor_of_and_last_meeting(db: Engine, shared_example_file: Path) -> None:
    """After matching, a mentee's mentor and the pair's latest meeting are looked up."""
    slug = loaded(db, shared_example_file)
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        assert mentor_of(session, programme=programme, slack_id="U07LLPP0002") is None
    apply(db, slug, propose(db, slug))
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        mentor = mentor_of(session, programme=programme, slack_id="U07LLPP0002")
        assert mentor is not None
        assert mentor.slack_id == "U07LLPM0001"
        assert mentor_of(session, programme=programme, slack_id="U07LLPM0001") is None
        (pairing,) = pairings_of(session, programme=programme, slack_id="U07LLPP0002")
        assert pairing.last_meeting is None
        match_id = pairing.match.id
        assert match_id is not None
        for met_on in (date(2027, 2, 1), date(2027, 3, 1), date(2027, 2, 15)):
            session.add(MeetingLog(match_id=match_id, logged_by="U07LLPM0001", met_on=met_on,
                                   created_at=NOW))  # fmt: skip
    with session_scope(db) as session:
        latest = last_meeting(session, match_id=match_id)
        assert latest is not None
        assert latest.met_on == date(2027, 3, 1)
        programme = session.exec(select(Programme)).one()
        mentees = pairings_of(session, programme=programme, slack_id="U07LLPM0001")
        assert "U07LLPP0002" in [p.mentee.slack_id for p in mentees]
        assert {p.mentor.slack_id for p in mentees} == {"U07LLPM0001"}
