"""Fill the emulator with the people and channels of every programme in the database."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlmodel import Session, col, select

from bot.models import Membership, Person, Programme
from bot.slack_emulator import SlackEmulator


def handle(name: str) -> str:
    """A Slack-style display name: "Dr Comfort Boateng" → "comfort.boateng"."""
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
    words = [w for w in words if w not in {"dr", "sir", "dame", "cllr", "prof", "professor"}]
    return ".".join(words[:2]) or "someone"


def seed_emulator(emulator: SlackEmulator, session: Session) -> None:
    """Add every person, each programme's cohort channel (all its people) and organisers' one."""
    people: dict[int, Person] = {
        p.id: p for p in session.exec(select(Person)).all() if p.id is not None and not p.forgotten
    }
    for person in people.values():
        emulator.add_user(person.slack_id, handle(person.name), person.name)
    members: dict[int, list[Membership]] = defaultdict(list)
    for membership in session.exec(select(Membership).where(col(Membership.active))).all():
        if membership.person_id in people:
            members[membership.programme_id].append(membership)
    for programme in session.exec(select(Programme)).all():
        everyone = [people[m.person_id].slack_id for m in members[programme.id or 0]]
        emulator.add_channel(programme.channel, programme.slug, members=everyone)
        if programme.organisers_channel:
            organisers = [
                people[m.person_id].slack_id
                for m in members[programme.id or 0]
                if m.role == "organiser"
            ]
            emulator.add_channel(
                programme.organisers_channel,
                f"{programme.slug}-organisers",
                members=organisers,
                is_private=True,
            )
