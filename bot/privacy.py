"""`cohort forget USER`: erase a person's personal data everywhere, keep anonymous counts.

What stays is what the organisers' numbers need: that a reflection was submitted for a
module (not what it said), that a question was asked and how it was handled (not its text
or who asked), that a pair existed and met (not what they discussed). Queued messages to
or about the person are cancelled. If the person is still in a programme file, loading
that file again would add them back: remove them from the file first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.errors import CohortError
from bot.models import (
    Announcement,
    Contact,
    MeetingLog,
    Membership,
    MentorMatch,
    Person,
    QuestionLog,
    Reflection,
    ScheduledMessage,
)

ERASED = "[erased]"


@dataclass(frozen=True)
class ForgetReport:
    """How many rows of each kind were erased or cancelled."""

    memberships: int
    reflections: int
    questions: int
    meetings: int
    messages: int

    def summary(self, slack_id: str) -> str:
        return (
            f"{slack_id} forgotten: {self.memberships} programme profile(s), "
            f"{self.reflections} reflection(s), {self.questions} question(s), "
            f"{self.meetings} meeting note(s), {self.messages} scheduled message(s)"
        )


def forget_person(session: Session, *, slack_id: str) -> ForgetReport:
    """Erase everything personal about `slack_id` (in the caller's transaction)."""
    person = session.exec(select(Person).where(Person.slack_id == slack_id)).first()
    if person is None:
        raise CohortError(f"{slack_id}: no such person in any programme")
    assert person.id is not None
    memberships = session.exec(select(Membership).where(Membership.person_id == person.id)).all()
    for membership in memberships:
        membership.goals = membership.development_areas = membership.challenges = []
        membership.expertise = membership.avoid = []
        membership.notes = None
        membership.active = False
    reflections = session.exec(select(Reflection).where(Reflection.person_id == person.id)).all()
    for reflection in reflections:
        reflection.answers = {}
        reflection.share_with_mentor = False
    questions = session.exec(select(QuestionLog).where(QuestionLog.asker == slack_id)).all()
    for question in questions:
        question.asker = None
        question.text = ERASED
        question.answer_text = question.organiser_answer = None
    matches = session.exec(
        select(MentorMatch).where(
            (MentorMatch.mentor_id == person.id) | (MentorMatch.mentee_id == person.id)
        )
    ).all()
    for match in matches:
        match.reasons = []
    meetings = _erase_meetings(session, slack_id, [m.id for m in matches if m.id is not None])
    messages = _erase_messages(session, slack_id)
    own_announcements = select(Announcement).where(Announcement.created_by == slack_id)
    for announcement in session.exec(own_announcements):
        announcement.created_by = None
    for contact in session.exec(select(Contact).where(Contact.slack == slack_id)):
        contact.slack = None
    person.slack_id = f"forgotten-{person.id}"
    person.name = "A former participant"
    person.organisation = person.job_title = None
    person.forgotten = True
    session.flush()
    return ForgetReport(len(memberships), len(reflections), len(questions), meetings, messages)


def _erase_meetings(session: Session, slack_id: str, match_ids: list[int]) -> int:
    """Meeting notes of the person's pairs lose their topics; the dates stay for counts."""
    if not match_ids:
        return 0
    in_pairs = col(MeetingLog.match_id).in_(match_ids)
    meetings = session.exec(select(MeetingLog).where(in_pairs)).all()
    for meeting in meetings:
        meeting.topics = None
        if meeting.logged_by == slack_id:
            meeting.logged_by = "forgotten"
    return len(meetings)


def _erase_messages(session: Session, slack_id: str) -> int:
    """Messages to or about the person: queued ones are cancelled, every payload emptied."""
    erased = 0
    for message in session.exec(select(ScheduledMessage)):
        about = (
            message.target == slack_id
            or slack_id in message.key
            or slack_id in json.dumps(message.payload)
        )
        if not about:
            continue
        if message.status == "queued":
            message.status = "cancelled"
            message.last_error = "cancelled: the person asked to be forgotten"
        message.payload = {"forgotten": True}
        if message.target == slack_id:
            message.target = "forgotten"
        if slack_id in message.key:  # keys name their target; the person is gone
            message.key = f"forgotten:{message.id}"
        erased += 1
    return erased
