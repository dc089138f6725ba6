"""People answers: the asker's own mentor or mentees, the organisers, whom to contact.

Mentors and organisers are read from the database at the moment of asking (matches are
approved and people join while the bot runs); contacts come from the programme file
through the snapshot. A person only ever learns their *own* mentor or mentees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlmodel import Session, col, select

from bot.answering.snapshot import ContactInfo
from bot.answering.text import Analyzer
from bot.answering.types import Answer, Source
from bot.models import Membership, MentorMatch, Person


def _describe(person: Person) -> str:
    """ "Margaret Lowe (Chief Executive, London Borough of Islington)" """
    extra = ", ".join(x for x in (person.job_title, person.organisation) if x)
    return f"{person.name} ({extra})" if extra else person.name


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _asker(session: Session, asker: str | None) -> Person | None:
    if not asker:
        return None
    return session.exec(select(Person).where(Person.slack_id == asker)).first()


def _partners(
    session: Session, *, programme_id: int, person_id: int, as_mentee: bool
) -> list[Person]:
    """The active matches of a person, from the mentee's side or the mentor's side."""
    mine = MentorMatch.mentee_id if as_mentee else MentorMatch.mentor_id
    other = MentorMatch.mentor_id if as_mentee else MentorMatch.mentee_id
    rows = session.exec(
        select(Person)
        .join(MentorMatch, col(other) == Person.id)
        .where(
            MentorMatch.programme_id == programme_id,
            mine == person_id,
            MentorMatch.status == "active",
            Person.forgotten == False,  # noqa: E712  (SQL comparison)
        )
        .order_by(col(MentorMatch.id))
    ).all()
    return list(rows)


def mentor_answer(
    session: Session, *, programme_id: int, asker: str | None, mentees: bool
) -> Answer:
    """The asker's own mentor (or, for a mentor, their mentees)."""
    person = _asker(session, asker)
    if person is None or person.id is None:
        return Answer(
            answered=False,
            text="I can only tell you your own mentor, and I don't know who is asking.",
            confidence=0.0,
        )
    mentors = _partners(session, programme_id=programme_id, person_id=person.id, as_mentee=True)
    mine = _partners(session, programme_id=programme_id, person_id=person.id, as_mentee=False)
    if mentees or (not mentors and mine):
        return _partners_answer(
            mine,
            found="You are mentoring {}.",
            none="You have no mentees on this programme yet; you'll be introduced "
            "to them when the organisers approve the matches.",
        )
    return _partners_answer(
        mentors,
        found="Your mentor is {}.",
        none="You have not been matched with a mentor yet. The organisers will "
        "introduce you as soon as matches are approved.",
    )


def _partners_answer(partners: list[Person], *, found: str, none: str) -> Answer:
    """Name the asker's mentors or mentees, or say there are none yet (still an answer)."""
    if not partners:
        return Answer(True, none, (Source("mentor", None),), 0.9, title="Mentoring")
    text = found.format(_join([_describe(p) for p in partners]))
    sources = tuple(Source("mentor", p.slack_id) for p in partners)
    return Answer(True, text, sources, 0.95, title="Mentoring")


def organisers_answer(
    session: Session,
    *,
    programme_id: int,
    programme_name: str,
    contacts: Sequence[ContactInfo],
) -> Answer | None:
    """The organisers (people with the organiser role), with contacts' roles where known."""
    rows = session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(
            Membership.programme_id == programme_id,
            Membership.role == "organiser",
            Membership.active == True,  # noqa: E712  (SQL comparison)
            Person.forgotten == False,  # noqa: E712
        )
        .order_by(col(Membership.id))
    ).all()
    roles = {c.name: c.role for c in contacts if c.role}
    names = [f"{p.name} ({roles[p.name]})" if p.name in roles else p.name for p in rows]
    if not names:
        names = [f"{c.name} ({c.role})" if c.role else c.name for c in contacts]
    if not names:
        return None
    text = f"{programme_name} is run by {_join(names)}."
    return Answer(True, text, (Source("programme"),), 0.9, title="Organisers")


def contact_line(contact: ContactInfo) -> str:
    """ "Tom Whitfield (Programme coordinator): tom@example.org, 020 7946 0102" """
    who = f"{contact.name} ({contact.role})" if contact.role else contact.name
    ways = [w for w in (contact.email, contact.phone) if w]
    if contact.slack:
        ways.append(f"<@{contact.slack}>")
    return f"{who}: {', '.join(ways)}" if ways else who


# how much a module's place counts towards a contact's topic, against a word of what is asked
PLACE_WEIGHT = 0.3


class ContactBook:
    """The programme's contacts and their topics, ready for "who do I contact about …"."""

    def __init__(self, contacts: Sequence[ContactInfo], analyzer: Analyzer) -> None:
        self.contacts = list(contacts)
        self._topics = [
            [(t, frozenset(analyzer.analyse(t, correct=False).concepts)) for t in c.topics]
            for c in self.contacts
        ]
        self._names = [
            frozenset(w for w in analyzer.analyse(c.name, correct=False).words if len(w) > 2)
            for c in self.contacts
        ]
        self._roles = [
            frozenset(analyzer.analyse(c.role, correct=False).concepts) if c.role else frozenset()
            for c in self.contacts
        ]

    def for_topic(
        self,
        concepts: frozenset[str],
        rarity: dict[str, float],
        context: frozenset[str] = frozenset(),
    ) -> tuple[ContactInfo, str] | None:
        """The contact whose topics cover most of the asked-about concepts, and the topic
        that covers the most of them.

        Rare words count for more than common ones (`rarity`, from the question): in
        "who do I ask about access to the JESIP e-learning?", *JESIP* names the topic.
        A topic said whole counts for each of its words ("caring responsibilities" is
        Priya's, though "overnight" is the hotels contact's). `context` (the modules'
        places) says where, not what: "hotels for the London module" is the hotels
        contact's, not that of "London building access".
        """
        best: tuple[float, int, str] | None = None
        for i, topics in enumerate(self._topics):
            covered = frozenset().union(*(t for _, t in topics)) & concepts
            if not covered:
                continue
            said, topic = max(
                (len(concepts & t) ** 2 / len(t), name) for name, t in topics if t and concepts & t
            )
            weight = {
                c: rarity.get(c, 1.0) * (PLACE_WEIGHT if c in context else 1.0) for c in covered
            }
            score = sum(weight.values()) + 0.5 * said
            if best is None or score > best[0]:
                best = (score, i, topic)
        if best is None:
            return None
        return self.contacts[best[1]], best[2]

    def named(self, words: frozenset[str], concepts: frozenset[str]) -> ContactInfo | None:
        """The contact a question names, by first or last name or by role."""
        for i, contact in enumerate(self.contacts):
            if words & self._names[i]:
                return contact
        for i, contact in enumerate(self.contacts):
            role = self._roles[i]
            if role and role <= concepts:
                return contact
        return None

    def by_role(self, concepts: frozenset[str]) -> ContactInfo | None:
        """The one contact whose role and topics cover a role asked for ("who's the
        clinical lead?" → the Clinical Faculty Lead), if exactly one does."""
        if not concepts:
            return None
        found = [
            contact
            for i, contact in enumerate(self.contacts)
            if concepts <= self._roles[i].union(*(t for _, t in self._topics[i]))
        ]
        return found[0] if len(found) == 1 else None

    def mentioned_in(self, text: str) -> ContactInfo | None:
        """The first contact whose full name appears in a piece of text (an FAQ answer)."""
        for contact in self.contacts:
            if contact.name in text:
                return contact
        return None


_TITLES = frozenset(("dr", "mr", "mrs", "ms", "miss", "prof", "professor", "cllr", "sir", "dame"))


def people_named_in(name: str, text: str) -> bool:
    """Whether `text` names the person, in full or by a first or last name ("tell Kieran")."""
    parts = [p for p in name.split() if len(p) > 2 and p.rstrip(".").lower() not in _TITLES]
    words = set(re.findall(r"[A-Za-z'-]+", text))
    return name in text or any(p in words for p in parts)
