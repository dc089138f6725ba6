"""App Home as plain data: sections per programme, contributed by each feature.

A feature adds what it wants a person to see on their Home tab with the decorator:

    @home_section(roles=("participant",), order=40)
    def my_reflections(session: Session, scope: HomeScope) -> HomeSection | None:
        ...

and its module is imported in `bot/home/__init__.py`. Sections are plain data (no Slack
types); `bot/blocks/home.py` renders them, `handlers/home.py` publishes them. A provider
returns None when it has nothing to say to this person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.models import Membership, Person, Programme
from bot.programmes import find_person, memberships_of


@dataclass(frozen=True)
class HomeButton:
    """A button: `action_id` is handled by the feature that added it."""

    text: str
    action_id: str
    value: str = ""
    style: str | None = None  # "primary" | "danger"


@dataclass(frozen=True)
class HomeSection:
    """One block of a person's Home: a title, label/value facts, free lines, buttons."""

    key: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    buttons: list[HomeButton] = field(default_factory=list)


@dataclass(frozen=True)
class ProgrammeHome:
    """What one person sees about one programme they belong to."""

    slug: str
    name: str
    role: str
    sections: list[HomeSection]


@dataclass(frozen=True)
class Home:
    """A person's whole Home tab; no programmes means they are in none (yet)."""

    slack_id: str
    name: str | None
    programmes: list[ProgrammeHome]


@dataclass(frozen=True)
class HomeScope:
    """What a section provider is told: whose Home, in which programme, at what time."""

    programme: Programme
    person: Person
    membership: Membership
    now: datetime

    @property
    def role(self) -> str:
        return self.membership.role


Provider = Callable[[Session, HomeScope], HomeSection | None]
_PROVIDERS: list[tuple[tuple[str, ...], int, Provider]] = []


def home_section(*, roles: tuple[str, ...], order: int) -> Callable[[Provider], Provider]:
    """Register a section provider for people with one of `roles`; lower `order` shows first."""

    def register(function: Provider) -> Provider:
        name = _full_name(function)
        _PROVIDERS[:] = [p for p in _PROVIDERS if _full_name(p[2]) != name]  # re-import safe
        _PROVIDERS.append((roles, order, function))
        return function

    return register


def _full_name(function: Provider) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def build_home(session: Session, *, slack_id: str, now: datetime) -> Home:
    """Everything this person's Home tab shows, programme by programme."""
    person = find_person(session, slack_id)
    if person is None or person.forgotten:
        return Home(slack_id=slack_id, name=None, programmes=[])
    programmes = []
    for programme, membership in memberships_of(session, slack_id):
        scope = HomeScope(programme=programme, person=person, membership=membership, now=now)
        sections = []
        for roles, _order, provider in sorted(_PROVIDERS, key=lambda p: p[1]):
            if membership.role in roles:
                section = provider(session, scope)
                if section is not None:
                    sections.append(section)
        programmes.append(ProgrammeHome(programme.slug, programme.name, membership.role, sections))
    return Home(slack_id=slack_id, name=person.name, programmes=programmes)
