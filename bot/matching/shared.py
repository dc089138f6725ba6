"""What a mentee has agreed to share with their mentor, ready to show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedProfile:
    """The mentee's profile, passed on only when `share_profile_with_mentor` is set."""

    goals: list[str]
    development_areas: list[str]
    challenges: list[str]


@dataclass(frozen=True)
class SharedReflection:
    """One reflection shared with the mentor: the module, then (question, answer) pairs."""

    module: str
    answers: list[tuple[str, str]]
