"""The organisers' view of questions: how the bot is doing, and what is waiting for them.

Counts only: the questions' text stays in the organisers' channel threads and in
`cohort export questions`, so the Home tab never shows who asked what.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnExpressionArgument
from sqlmodel import Session, col, func, select

from bot.home.registry import HomeScope, HomeSection, home_section
from bot.models import QuestionLog

RECENT = timedelta(days=7)


def _count(
    session: Session, scope: HomeScope, *conditions: ColumnExpressionArgument[bool] | bool
) -> int:
    statement = (
        select(func.count())
        .select_from(QuestionLog)
        .where(QuestionLog.programme_id == scope.programme.id, *conditions)
    )
    return int(session.exec(statement).one())


@home_section(roles=("organiser",), order=30)
def questions_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Questions this week, the share answered by the bot, feedback, and escalations waiting."""
    since = scope.now - RECENT
    asked = _count(session, scope, col(QuestionLog.asked_at) >= since)
    answered = _count(session, scope, col(QuestionLog.asked_at) >= since, col(QuestionLog.answered))
    helpful = _count(session, scope, col(QuestionLog.asked_at) >= since, QuestionLog.feedback == 1)
    unhelpful = _count(
        session, scope, col(QuestionLog.asked_at) >= since, QuestionLog.feedback == -1
    )
    waiting = _count(
        session,
        scope,
        col(QuestionLog.escalated),
        col(QuestionLog.organiser_answer).is_(None),
        col(QuestionLog.suggestion_answered).is_not(True),  # the FAQ answered it meanwhile
    )
    if not asked and not waiting:
        return HomeSection("questions", "Questions", lines=["No questions in the last 7 days."])
    share = f" ({answered * 100 // asked}% answered by the bot)" if asked else ""
    facts = [
        ("Last 7 days", f"{asked} asked{share}"),
        ("Feedback", f"{helpful} 👍, {unhelpful} 👎"),
        ("Waiting for you", f"{waiting} passed on and not yet answered"),
    ]
    lines = []
    if waiting and scope.programme.organisers_channel:
        lines.append(
            f"Answer them from their *Answer* buttons in <#{scope.programme.organisers_channel}>."
        )
    return HomeSection("questions", "Questions", facts=facts, lines=lines)
