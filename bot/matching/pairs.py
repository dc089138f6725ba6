"""Pairs in their life: logging meetings, asking for a change, ending a pair.

Meetings are logged by either side of an active pair, never anyone else. A logged
meeting restarts the pair's prompt clock (see `prompts.py`); its topics stay between the
two of them: organisers see dates and counts only (`report.py`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from bot import outbox
from bot.errors import CohortError
from bot.matching.prompts import prompt_key_prefix
from bot.matching.service import Pairing, pairing_of, pairings_of
from bot.models import MeetingLog, MentorMatch, Programme
from bot.timefmt import local


class MeetingInputError(CohortError):
    """A meeting that cannot be logged as given; `field` names the modal input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def pair_for(session: Session, *, match_id: int, slack_id: str) -> Pairing:
    """The active pair `match_id` when `slack_id` is in it; CohortError otherwise.

    Only the mentor and the mentee of a pair may see or log its meetings.
    """
    match = session.get(MentorMatch, match_id)
    if match is None or match.status != "active":
        raise CohortError("that mentoring pair is no longer active")
    pairing = pairing_of(session, match)
    if slack_id not in (pairing.mentor.slack_id, pairing.mentee.slack_id):
        raise CohortError("only the mentor and the mentee of a pair can log its meetings")
    return pairing


def log_meeting(
    session: Session,
    *,
    match_id: int,
    slack_id: str,
    met_on: date,
    topics: str | None,
    next_on: date | None,
    now: datetime,
) -> MeetingLog:
    """Record a meeting logged by either side of an active pair (restarts the prompt clock)."""
    pairing = pair_for(session, match_id=match_id, slack_id=slack_id)
    programme = session.get(Programme, pairing.match.programme_id)
    assert programme is not None
    today = local(now, programme.timezone).date()
    if met_on > today:
        raise MeetingInputError(
            "met_on", "that date is still to come: log a meeting once it happened"
        )
    if next_on is not None and next_on < met_on:
        raise MeetingInputError("next_on", "the next meeting cannot be before this one")
    meeting = MeetingLog(
        match_id=match_id,
        logged_by=slack_id,
        met_on=met_on,
        topics=(topics or "").strip()[:2000] or None,
        next_on=next_on,
        created_at=now,
    )
    session.add(meeting)
    session.flush()
    return meeting


def pairs_to_change(session: Session, *, programme: Programme, slack_id: str) -> list[Pairing]:
    """The active pairs a person asking for a change is in; CohortError when none.

    Nothing is written: the handler tells the organisers (only them), who may end the pair.
    """
    pairings = pairings_of(session, programme=programme, slack_id=slack_id)
    if not pairings:
        raise CohortError(f"you are not in a mentoring pair in {programme.name}")
    return pairings


def end_match(session: Session, *, programme: Programme, match_id: int, now: datetime) -> Pairing:
    """End an active pair: never proposed again, its queued prompts cancelled."""
    match = session.get(MentorMatch, match_id)
    if match is None or match.programme_id != programme.id or match.status != "active":
        raise CohortError("that mentoring pair is not active")
    match.status, match.ended_at = "ended", now
    session.add(match)
    outbox.cancel(
        session,
        key_prefix=prompt_key_prefix(programme, match_id),
        reason="the pair was ended by an organiser",
    )
    session.flush()
    return pairing_of(session, match)
