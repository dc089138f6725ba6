"""The organisers' view of mentoring: every pair, its last meeting, and which have gone quiet.

A pair is *quiet* when it is active and nothing has been logged for twice the
programme's `prompt_every` (counted from the last meeting, or from the match itself
when no meeting was ever logged): the mentor has had two prompts and nothing happened.
Meeting topics stay between the pair: only dates and counts are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.models import MeetingLog, MentorMatch, Person, Programme
from bot.timefmt import local

EXPORT_FIELDS = (
    "programme", "mentor", "mentor_name", "mentee", "mentee_name", "status", "score",
    "reasons", "matched_on", "ended_on", "meetings", "last_meeting", "next_meeting", "quiet",
)  # fmt: skip


@dataclass(frozen=True)
class PairReport:
    """One pair as the organisers see it."""

    programme: str
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    status: str
    score: float
    reasons: list[str]
    matched_on: date
    ended_on: date | None
    meetings: int
    last_meeting: date | None
    next_meeting: date | None
    quiet: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, reasons a list."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in ((name, getattr(self, name)) for name in EXPORT_FIELDS)
        }

    def as_row(self) -> dict[str, str]:
        """CSV-ready: reasons joined with "; ", empty cells for missing dates."""
        data = self.as_dict()
        data["reasons"] = "; ".join(self.reasons)
        data["quiet"] = "yes" if self.quiet else "no"
        return {name: "" if value is None else str(value) for name, value in data.items()}


def quiet_after(programme: Programme) -> timedelta:
    """How long without a logged meeting makes an active pair quiet: 2 × prompt_every."""
    return timedelta(seconds=2 * programme.mentor_prompt_every_s)


def pair_reports(session: Session, *, programme: Programme, now: datetime) -> list[PairReport]:
    """Every pair of the programme (active and ended), active first, by mentor then mentee."""
    matches = session.exec(
        select(MentorMatch).where(
            MentorMatch.programme_id == programme.id, col(MentorMatch.status) != "proposed"
        )
    ).all()
    meetings: dict[int, list[MeetingLog]] = {}
    for meeting in session.exec(
        select(MeetingLog)
        .where(col(MeetingLog.match_id).in_([m.id for m in matches]))
        .order_by(col(MeetingLog.met_on), col(MeetingLog.created_at))
    ).all():
        meetings.setdefault(meeting.match_id, []).append(meeting)
    ids = {m.mentor_id for m in matches} | {m.mentee_id for m in matches}
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids))).all()}
    today = local(now, programme.timezone).date()
    reports = [
        _report(programme, match, people, meetings.get(match.id or 0, []), today)
        for match in matches
    ]
    reports.sort(key=lambda r: (r.status != "active", r.mentor_name, r.mentee_name))
    return reports


def _report(
    programme: Programme,
    match: MentorMatch,
    people: dict[int | None, Person],
    meetings: list[MeetingLog],
    today: date,
) -> PairReport:
    """One pair's line; `meetings` oldest first."""
    mentor, mentee = people[match.mentor_id], people[match.mentee_id]
    matched_on = local(match.created_at, programme.timezone).date()
    latest = meetings[-1] if meetings else None
    last = latest.met_on if latest else None
    next_on = latest.next_on if latest and latest.next_on and latest.next_on >= today else None
    quiet = match.status == "active" and today - (last or matched_on) >= quiet_after(programme)
    return PairReport(
        programme=programme.slug,
        mentor=mentor.slack_id,
        mentor_name=mentor.name,
        mentee=mentee.slack_id,
        mentee_name=mentee.name,
        status=match.status,
        score=round(match.score, 2),
        reasons=list(match.reasons),
        matched_on=matched_on,
        ended_on=local(match.ended_at, programme.timezone).date() if match.ended_at else None,
        meetings=len(meetings),
        last_meeting=last,
        next_meeting=next_on,
        quiet=quiet,
    )
