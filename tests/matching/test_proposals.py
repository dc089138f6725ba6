"""The proposal organisers adjust in Slack: stored, swapped, removed, approved, never unsafe."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.errors import CohortError
from bot.loader import load_programme_path
from bot.matching.proposals import (
    apply_swap,
    approve_proposal,
    proposal_view,
    remove_proposed,
    store_proposal,
    swap_options,
)
from bot.matching.service import apply_matches, propose_matches
from bot.models import Membership, MentorMatch, Person, Programme, ScheduledMessage

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(db: Engine, example_file: Path) -> Engine:
    """The project's example (12 participants, 5 mentors with 12 places) loaded."""
    with session_scope(db) as session:
        load_programme_path(session, path=example_file)
    return db


def programme(session: Session) -> Programme:
    return session.exec(select(Programme)).one()


def people(session: Session) -> dict[int | None, Person]:
    return {p.id: p for p in session.exec(select(Person))}


def test_swaps_keep_every_rule(engine: Engine) -> None:
    """Every swap option, applied, keeps capacity, organisations and avoid lists intact."""
    with session_scope(engine) as session:
        view = store_proposal(session, programme=programme(session), now=NOW)
        assert len(view.pairs) == 12
        first = view.pairs[0]
        options = swap_options(session, programme=programme(session), match_id=first.match_id)
        assert options
        assert all(o.value.startswith(("move:", "swap:")) for o in options)
        assert [o.score for o in options] == sorted((o.score for o in options), reverse=True)
    for option in options[:3]:
        with session_scope(engine) as session:
            valid = {o.value for o in swap_options(session, programme=programme(session),
                                                   match_id=first.match_id)}  # fmt: skip
            if option.value not in valid:
                continue
            apply_swap(session, programme=programme(session), match_id=first.match_id,
                       choice=option.value)  # fmt: skip
        with session_scope(engine) as session:
            rows = session.exec(select(MentorMatch).where(MentorMatch.status == "proposed")).all()
            everyone = people(session)
            load: dict[int, int] = {}
            for row in rows:
                load[row.mentor_id] = load.get(row.mentor_id, 0) + 1
                mentor, mentee = everyone[row.mentor_id], everyone[row.mentee_id]
                assert mentor.organisation != mentee.organisation
                assert (mentor.slack_id, mentee.slack_id) != ("U0EXMENT05", "U0EXPART10")
            capacity = {
                m.person_id: m.capacity
                for m in session.exec(select(Membership).where(Membership.role == "mentor"))
            }
            assert all(load[m] <= (capacity[m] or 2) for m in load)
            assert len({row.mentee_id for row in rows}) == 12


def test_a_stale_or_invented_swap_is_refused(engine: Engine) -> None:
    """A choice that is not among the current options changes nothing."""
    with session_scope(engine) as session:
        view = store_proposal(session, programme=programme(session), now=NOW)
        first = view.pairs[0]
        with pytest.raises(CohortError, match="no longer available"):
            apply_swap(session, programme=programme(session), match_id=first.match_id,
                       choice=f"move:{first.mentor.slack_id}")  # fmt: skip


def test_remove_then_approve_records_the_rest_and_queues_intros(engine: Engine) -> None:
    """Removed pairs are explained; approval records the others and their introductions."""
    with session_scope(engine) as session:
        view = store_proposal(session, programme=programme(session), now=NOW)
        removed = view.pairs[0]
        remove_proposed(session, programme=programme(session), match_id=removed.match_id)
        after = proposal_view(session, programme=programme(session))
        assert [(p.slack_id, reason) for p, reason in after.unmatched] == [
            (removed.mentee.slack_id, "removed from this proposal")
        ]
        created = approve_proposal(session, programme=programme(session), approved_by="U0EXORG001",
                                   now=NOW)  # fmt: skip
        assert len(created) == 11
    with session_scope(engine) as session:
        statuses = [m.status for m in session.exec(select(MentorMatch))]
        intros = session.exec(
            select(ScheduledMessage).where(ScheduledMessage.kind == "mentor_intro")
        ).all()
        assert statuses.count("active") == 11
        assert "proposed" not in statuses
        assert len(intros) == 11
        with pytest.raises(CohortError, match="no proposal to approve"):
            approve_proposal(session, programme=programme(session), approved_by="U0EXORG001",
                             now=NOW)  # fmt: skip


def test_recording_pairs_elsewhere_discards_the_stored_proposal(engine: Engine) -> None:
    """`cohort match --apply` after `/cohort match`: the Slack proposal cannot be approved twice."""
    with session_scope(engine) as session:
        store_proposal(session, programme=programme(session), now=NOW)
    with session_scope(engine) as session:
        chosen = programme(session)
        proposal = propose_matches(session, programme=chosen)
        apply_matches(session, programme=chosen, proposal=proposal, approved_by=None, now=NOW)
    with session_scope(engine) as session:
        assert proposal_view(session, programme=programme(session)).pairs == []
        with pytest.raises(CohortError, match="no proposal to approve"):
            approve_proposal(session, programme=programme(session), approved_by="U0EXORG001",
                             now=NOW)  # fmt: skip
