"""The question log: every question, what the bot said, and what happened next.

One `QuestionLog` row per question asked in Slack: the answer (or that there was none),
its main source and confidence, the asker's 👍/👎, the escalation to the organisers'
channel, the organiser's reply and whether it was saved as a new FAQ entry. Organisers
export it (`cohort export questions`) to see what people ask and what the FAQ lacks.
Services here never commit; the caller owns the transaction.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.answering.types import Answer, Source
from bot.errors import CohortError
from bot.models import FaqEntry, FaqPhrasing, Programme, QuestionLog

EXPORT_FIELDS = (
    "id", "asked_at", "asker", "question", "answered", "answer", "source_kind",
    "source_ref", "confidence", "feedback", "escalated", "organiser_answer",
    "answered_by", "answered_at", "saved_faq", "channel", "thread_ts",
    "suggested", "suggestion_opened", "suggestion_answered",
)  # fmt: skip
WORDING_FIELDS = ("faq", "wording", "added_by", "added_at")


def log_question(
    session: Session,
    *,
    programme_id: int | None,
    asker: str | None,
    question: str,
    answer: Answer,
    at: datetime,
    channel: str | None = None,
    thread_ts: str | None = None,
) -> QuestionLog:
    """Record a question and the bot's answer (or that it handed it on)."""
    main = answer.sources[0] if answer.sources else None
    row = QuestionLog(
        programme_id=programme_id,
        asker=asker,
        text=question,
        asked_at=at,
        channel=channel,
        thread_ts=thread_ts,
        answered=answer.answered,
        answer_text=answer.text if answer.answered else None,
        source_kind=main.kind if main else None,
        source_ref=None if main is None or main.ref is None else str(main.ref)[:200],
        confidence=round(answer.confidence, 4),
        suggested=" ".join(s.slug for s in answer.suggestions)[:200] or None,
    )
    session.add(row)
    session.flush()
    return row


def thread_source(session: Session, *, channel: str, thread_ts: str) -> Source | None:
    """The main source of the last answer in a thread, so follow-ups keep their subject.

    None when the bot has not answered in that thread (so a channel thread the bot is
    not part of is left alone).
    """
    row = session.exec(
        select(QuestionLog)
        .where(QuestionLog.channel == channel, QuestionLog.thread_ts == thread_ts)
        .order_by(col(QuestionLog.id).desc())
    ).first()
    if row is None:
        return None
    if row.source_kind == "module" and row.source_ref and row.source_ref.isdigit():
        return Source("module", int(row.source_ref))
    return Source(row.source_kind or "none", row.source_ref)


def get_question(session: Session, *, log_id: int) -> QuestionLog:
    """A logged question by id, or a clear error."""
    row = session.get(QuestionLog, log_id)
    if row is None:
        raise CohortError(f"no logged question {log_id}")
    return row


def record_feedback(
    session: Session, *, log_id: int, slack_id: str, helpful: bool
) -> QuestionLog | None:
    """The asker's 👍 (helpful) or 👎 on an answer; anyone else's click is ignored (None)."""
    row = get_question(session, log_id=log_id)
    if row.asker != slack_id:
        return None
    row.feedback = 1 if helpful else -1
    session.add(row)
    return row


def open_suggestion(session: Session, *, log_id: int, slack_id: str, slug: str) -> FaqEntry | None:
    """The asker opens an FAQ entry offered beside their hand-over: the entry, or None
    when someone else clicks (the log is the asker's); CohortError when the entry has
    been removed from the programme since it was offered.
    """
    row = get_question(session, log_id=log_id)
    if row.asker != slack_id or slug not in (row.suggested or "").split():
        return None
    entry = _faq_entry(session, row, slug)
    if entry is None or not entry.active:
        raise CohortError(f"FAQ entry {slug} has been removed since it was offered")
    row.suggestion_opened = slug
    session.add(row)
    return entry


def settle_suggestion(
    session: Session, *, log_id: int, slack_id: str, answered: bool
) -> tuple[QuestionLog, str] | None:
    """The asker says whether the entry they opened answers them: the row and the entry's
    question, or None for anyone else."""
    row = get_question(session, log_id=log_id)
    if row.asker != slack_id or row.suggestion_opened is None:
        return None
    row.suggestion_answered = answered
    session.add(row)
    return row, opened_title(session, row)


def opened_title(session: Session, row: QuestionLog) -> str:
    """The question of the FAQ entry the asker opened (its slug if it has gone since)."""
    slug = row.suggestion_opened or ""
    entry = _faq_entry(session, row, slug)
    return entry.question if entry else slug


def learn_wording(
    session: Session, *, log_id: int, organiser: str, at: datetime
) -> FaqPhrasing | None:
    """Add the asker's words to the FAQ entry they said answered them.

    The next person who asks that way is answered from the entry directly. An organiser
    decides (the caller checks who is asking): an asker's "yes" alone could teach the bot
    to answer a question the entry does not really answer. None if there is nothing to
    learn (no confirmed suggestion); the same words are added once.
    """
    row = get_question(session, log_id=log_id)
    slug = row.suggestion_opened
    if not row.suggestion_answered or slug is None or row.programme_id is None:
        return None
    if row.asker is None:  # `cohort forget` erased the asker and their words since
        return None
    existing = _learned(session, row)
    if existing is not None:
        return existing
    phrasing = FaqPhrasing(programme_id=row.programme_id, faq_slug=slug, text=row.text.strip(),
                           added_by=organiser, added_at=at)  # fmt: skip
    session.add(phrasing)
    session.flush()
    return phrasing


def unlearn_wording(session: Session, *, log_id: int) -> bool:
    """Take the asker's words off the entry again (the organiser's *Undo*); False if absent."""
    phrasing = _learned(session, get_question(session, log_id=log_id))
    if phrasing is None:
        return False
    session.delete(phrasing)
    return True


def _learned(session: Session, row: QuestionLog) -> FaqPhrasing | None:
    """The wording learned from this question, if an organiser added it."""
    statement = select(FaqPhrasing).where(
        FaqPhrasing.programme_id == row.programme_id,
        FaqPhrasing.faq_slug == (row.suggestion_opened or ""),
        FaqPhrasing.text == row.text.strip(),
    )
    return session.exec(statement).first()


def _faq_entry(session: Session, row: QuestionLog, slug: str) -> FaqEntry | None:
    statement = select(FaqEntry).where(
        FaqEntry.programme_id == row.programme_id, FaqEntry.slug == slug
    )
    return session.exec(statement).first()


def mark_escalated(session: Session, *, log_id: int, channel: str, ts: str | None) -> None:
    """Note that the question was posted to the organisers' channel (and where)."""
    row = get_question(session, log_id=log_id)
    row.escalated = True
    row.escalation_channel = channel
    row.escalation_ts = ts
    session.add(row)


def record_organiser_answer(
    session: Session, *, log_id: int, organiser: str, text: str, at: datetime
) -> QuestionLog:
    """An organiser's reply to an escalated question (posted back to the asker)."""
    text = text.strip()
    if not text:
        raise CohortError("the answer is empty")
    row = get_question(session, log_id=log_id)
    row.organiser_answer = text
    row.answered_by = organiser
    row.answered_at = at
    session.add(row)
    return row


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:6])[:48] or "question"


def save_as_faq(
    session: Session, *, log_id: int, question: str | None = None, answer: str | None = None
) -> FaqEntry:
    """Add an organiser's answer to the programme FAQ (origin "organiser").

    The next person who asks gets it directly: the answering index notices the new entry
    through the programme's fingerprint. Loading the programme file again keeps it.
    """
    row = get_question(session, log_id=log_id)
    text = (answer or row.organiser_answer or "").strip()
    asked = (question or row.text).strip()
    if not text:
        raise CohortError("there is no organiser answer to save")
    if row.programme_id is None:
        raise CohortError("the question is not about a programme")
    taken = set(
        session.exec(select(FaqEntry.slug).where(FaqEntry.programme_id == row.programme_id))
    )
    base = _slug(asked)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    count = len(taken)
    entry = FaqEntry(
        programme_id=row.programme_id,
        slug=slug,
        position=1000 + count,
        question=asked,
        answer=text,
        also=[row.text] if question and question.strip() != row.text else [],
        origin="organiser",
    )
    session.add(entry)
    row.saved_faq_slug = slug
    session.add(row)
    session.flush()
    return entry


def question_rows(session: Session, *, programme: Programme) -> list[dict[str, Any]]:
    """The programme's question log, oldest first, as plain rows for export."""
    rows = session.exec(
        select(QuestionLog)
        .where(QuestionLog.programme_id == programme.id)
        .order_by(col(QuestionLog.asked_at), col(QuestionLog.id))
    ).all()
    return [
        {
            "id": r.id,
            "asked_at": r.asked_at.isoformat(),
            "asker": r.asker,
            "question": r.text,
            "answered": r.answered,
            "answer": r.answer_text,
            "source_kind": r.source_kind,
            "source_ref": r.source_ref,
            "confidence": r.confidence,
            "feedback": r.feedback,
            "escalated": r.escalated,
            "organiser_answer": r.organiser_answer,
            "answered_by": r.answered_by,
            "answered_at": r.answered_at.isoformat() if r.answered_at else None,
            "saved_faq": r.saved_faq_slug,
            "channel": r.channel,
            "thread_ts": r.thread_ts,
            "suggested": r.suggested,
            "suggestion_opened": r.suggestion_opened,
            "suggestion_answered": r.suggestion_answered,
        }
        for r in rows
    ]


def wording_rows(session: Session, *, programme: Programme) -> list[dict[str, Any]]:
    """The wordings organisers added to FAQ entries, oldest first, for export (to copy into
    the programme file's `also` lists, say)."""
    rows = session.exec(
        select(FaqPhrasing)
        .where(FaqPhrasing.programme_id == programme.id)
        .order_by(col(FaqPhrasing.id))
    ).all()
    return [
        {"faq": r.faq_slug, "wording": r.text, "added_by": r.added_by,
         "added_at": r.added_at.isoformat()}
        for r in rows
    ]  # fmt: skip
