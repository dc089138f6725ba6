"""Answering programme questions: schedule, people and FAQ, and knowing when not to.

No Slack types here. `answer_question` is the one entry point; `engine_for` gives the
cached per-programme engine for callers that answer many questions (the CLI's `--batch`).
"""

from bot.answering.service import answer_question, clear_cache, engine_for, programme_for
from bot.answering.types import Answer, Source

__all__ = [
    "Answer",
    "Source",
    "answer_question",
    "clear_cache",
    "engine_for",
    "programme_for",
]
