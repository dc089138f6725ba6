"""Mentor introductions (a group DM for the pair) and mentor prompts (a DM to the mentor)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.blocks.mentoring import intro_message, prompt_message
from bot.matching.prompts import prompt_details
from bot.matching.shared import SharedProfile
from bot.messages.guards import ensure_dm_wanted, programme_of
from bot.messages.registry import Rendered, SkipMessage, renderer
from bot.models import Membership, MentorMatch, Person, Programme
from bot.outbox import OutboxMessage


def _active_pair(
    session: Session, message: OutboxMessage, programme: Programme
) -> tuple[MentorMatch, Person, Person]:
    """The row's pair, still active, with both people still in the programme."""
    match = session.get(MentorMatch, message.payload["match_id"])
    if match is None or match.status != "active" or match.programme_id != programme.id:
        raise SkipMessage("the pair is no longer active")
    mentor, mentee = session.get(Person, match.mentor_id), session.get(Person, match.mentee_id)
    if mentor is None or mentee is None or mentor.forgotten or mentee.forgotten:
        raise SkipMessage("one of the pair is no longer in the programme")
    return match, mentor, mentee


@renderer("mentor_intro")
def render_mentor_intro(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """Why they were matched, the mentee's profile if they share it, a first agenda."""
    programme = programme_of(session, message)
    match, mentor, mentee = _active_pair(session, message, programme)
    membership = session.exec(
        select(Membership).where(
            Membership.programme_id == programme.id, Membership.person_id == mentee.id
        )
    ).first()
    profile = None
    if membership is not None and membership.share_profile_with_mentor:
        profile = SharedProfile(
            membership.goals, membership.development_areas, membership.challenges
        )
    assert match.id is not None
    text, blocks = intro_message(
        programme,
        match_id=match.id,
        mentor=mentor.slack_id,
        mentee=mentee.slack_id,
        mentee_name=mentee.name,
        reasons=list(match.reasons),
        profile=profile,
    )
    return Rendered(text=text, blocks=blocks)


@renderer("mentor_prompt")
def render_mentor_prompt(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The mentor's check-in about one mentee, read fresh at send time."""
    programme = programme_of(session, message)
    match, _, mentee = _active_pair(session, message, programme)
    ensure_dm_wanted(session, message, programme, now)
    details = prompt_details(session, programme=programme, match=match, now=now)
    assert match.id is not None
    text, blocks = prompt_message(
        programme,
        match_id=match.id,
        mentee=mentee.slack_id,
        mentee_name=mentee.name,
        last_met=details.last_met,
        next_on=details.next_on,
        module=details.module,
        reflections=details.reflections,
    )
    return Rendered(text=text, blocks=blocks)
