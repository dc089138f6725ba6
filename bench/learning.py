"""Replay a question set through the learning loop: how much a cohort's own use teaches.

    .venv/bin/python bench/learning.py --set heldout21
    .venv/bin/python bench/learning.py --set heldout15 --set heldout16 ...

The questions are asked in the set's order through `answer_question`, the same call the
Slack handlers make, with every question logged. When the bot hands a question on and
the entry that answers it is among the suggestions offered beside the hand-over, the
replay does what the asker and an organiser do in Slack: the asker opens that entry and
says it answered them, and an organiser presses *Add their wording*
(`open_suggestion`, `settle_suggestion`, `learn_wording`). The next question is then
answered by an engine rebuilt with that wording, exactly as in the running bot.

Nothing else is learned: a hand-over with no fitting suggestion stays a hand-over (an
organiser's *Save as FAQ* would add a new entry, which this replay cannot write).

Reported per set: right / abstained / wrong without learning (every question against
the programme file alone) and with it, and how many wordings were added.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from answers import DEFAULT_AT, SETS, judge, read_questions, setup_database
from sqlmodel import Session, SQLModel

import bot.models  # noqa: F401  (registers the tables)
from bot.answering import answer_question, clear_cache
from bot.answering.log import learn_wording, log_question, open_suggestion, settle_suggestion
from bot.db import make_engine
from bot.models import Programme

ASKER = "U0REPLAYASKER"  # who asks when a question names no asker
ORGANISER = "U0REPLAYORGANISER"


def replay(rows: list[dict[str, Any]], *, learn: bool) -> tuple[list[str], int]:
    """Ask every question in order in a fresh database; each outcome, and the wordings
    added."""
    clear_cache()
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    results: list[str] = []
    learned = 0
    with Session(engine) as session:
        programmes = setup_database(session)
        for row in rows:
            programme = programmes[row["programme"]]
            at = _local(row.get("at", DEFAULT_AT), programme)
            asker = row.get("as") or ASKER
            answer = answer_question(
                session, question=row["q"], asker=asker, at=at, programme=programme
            )
            result = judge(row["expect"], answer.to_json())
            results.append(result)
            if learn and not answer.answered:
                learned += _confirm_suggestion(session, row, answer, programme, asker, at)
    clear_cache()
    return results, learned


def _confirm_suggestion(
    session: Session, row: dict[str, Any], answer: Any, programme: Programme, asker: str,
    at: datetime,
) -> int:  # fmt: skip
    """The asker confirms the offered entry that answers them; an organiser adds their
    words to it. 1 if a wording was added."""
    offered = [s.slug for s in answer.suggestions if f"faq:{s.slug}" in row["expect"]]
    if not offered:
        return 0
    logged = log_question(session, programme_id=programme.id, asker=asker, question=row["q"],
                          answer=answer, at=at)  # fmt: skip
    assert logged.id is not None
    open_suggestion(session, log_id=logged.id, slack_id=asker, slug=offered[0])
    settle_suggestion(session, log_id=logged.id, slack_id=asker, answered=True)
    added = learn_wording(session, log_id=logged.id, organiser=ORGANISER, at=at)
    session.flush()
    return int(added is not None)


def _local(text: str, programme: Programme) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(programme.timezone))


def _figures(outcomes: Counter[str]) -> str:
    n = sum(outcomes.values())
    return (
        f"{outcomes['right']:4d} / {outcomes['abstained']:3d} / {outcomes['wrong']:3d}  "
        f"{100 * outcomes['right'] / n:5.1f}% / {100 * outcomes['wrong'] / n:4.1f}%"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=SETS, required=True)
    parser.add_argument("-v", "--verbose", action="store_true", help="print what learning changed")
    args = parser.parse_args()
    print(f"{'set':10s} {'n':>4s}  {'without learning':28s}  {'with learning':28s}  wordings")
    for name in args.set:
        rows = read_questions(name)
        before, _ = replay(rows, learn=False)
        after, learned = replay(rows, learn=True)
        print(
            f"{name:10s} {len(rows):4d}  {_figures(Counter(before)):28s}  "
            f"{_figures(Counter(after)):28s}  {learned}"
        )
        if args.verbose:
            for row, was, now in zip(rows, before, after, strict=True):
                if was != now:
                    print(f"    {was} → {now}: {row['programme']}: {row['q']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
