"""What an answer is: the text, where it came from, how sure the bot is, whether it answers.

`Answer.to_json()` is the object `cohort ask --json` prints (interfaces.md), so the shape
here is a contract: `answered`, `text`, `sources` (main source first), `confidence`; and,
added by Cohort, `suggestions` (FAQ entries that may help when it does not answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where (part of) an answer came from: kind faq|module|contact|mentor|programme."""

    kind: str
    ref: str | int | None = None

    def to_json(self) -> dict[str, Any]:
        """`{"kind": "faq", "id": ...}`, `{"kind": "module", "number": ...}`, etc."""
        key = {"faq": "id", "module": "number", "contact": "name", "mentor": "slack"}.get(self.kind)
        return {"kind": self.kind} if key is None else {"kind": self.kind, key: self.ref}

    @property
    def label(self) -> str:
        """A short key for logs and benchmarks: "faq:expenses", "module:3", "programme"."""
        if self.kind == "programme":
            return "programme"
        return f"{self.kind}:{'null' if self.ref is None else self.ref}"


@dataclass(frozen=True)
class Suggestion:
    """An FAQ entry that may answer a question the bot would not answer outright.

    Offered next to the hand-over ("while you wait, one of these may help"), never as the
    answer: the asker reads the entry and says whether it answers them.
    """

    slug: str
    title: str  # the entry's question, as the button shows it

    def to_json(self) -> dict[str, Any]:
        """`{"kind": "faq", "id": ..., "title": ...}`, like a source with its title."""
        return {"kind": "faq", "id": self.slug, "title": self.title}


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question; `answered=False` means "hand it to the organisers"."""

    answered: bool
    text: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    confidence: float = 0.0
    title: str | None = None  # how the Slack surface names the source ("Expenses", "Module 3")
    calendar: bool = False  # the reply carries the programme's .ics (not part of the JSON)
    suggestions: tuple[Suggestion, ...] = ()  # when not answered: FAQ entries that may help

    @property
    def note(self) -> str | None:
        """For a hand-over, what the programme data does say ("There is no Module 9…")."""
        return None if self.answered or self.text == NOT_ANSWERED else self.text

    def to_json(self) -> dict[str, Any]:
        """The `cohort ask --json` object."""
        return {
            "answered": self.answered,
            "text": self.text,
            "sources": [s.to_json() for s in self.sources],
            "confidence": round(self.confidence, 2),
            "suggestions": [s.to_json() for s in self.suggestions],
        }


# The Slack surface says what happens next (passed to the organisers); this just says no.
NOT_ANSWERED = "I can't answer that from the programme's information."


def not_answered(confidence: float = 0.0, *, note: str | None = None) -> Answer:
    """The answer that hands a question to the organisers.

    `note` is what the programme data does say, told before the hand-over ("There is no
    Module 6: the modules are numbered 1 to 5."): worth knowing, but not an answer.
    """
    return Answer(answered=False, text=note or NOT_ANSWERED, confidence=confidence)
