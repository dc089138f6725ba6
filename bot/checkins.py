"""Reflection check-ins: what the *Reflect* modal asks, storing answers, pauses, rates.

A round opens `open_after` a module ends and closes `close_after` it ends (see
`planning.checkin_window`). A reflection belongs to its author: one per person and
module, edited by submitting again while the round is open. Organisers see completion
rates only, unless the programme shares reflections with them (`cohort export`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from bot import outbox
from bot.errors import CohortError
from bot.models import CheckinPrompt, Membership, Module, Person, Programme, Reflection
from bot.planning import CheckinWindow, checkin_window
from bot.programme_file import parse_duration
from bot.programmes import find_person, participant_count
from bot.timefmt import format_day, local

MAX_ANSWER = 3_000
MAX_PAUSE = timedelta(weeks=26)


@dataclass(frozen=True)
class CheckinForm:
    """Everything the *Reflect* modal shows one person for one module."""

    programme: Programme
    module: Module
    person: Person
    prompts: list[CheckinPrompt]
    window: CheckinWindow
    reflection: Reflection | None

    def state(self, now: datetime) -> str:
        """ "open", "closed" or "not_open" (before the round opens)."""
        if now < self.window.opens:
            return "not_open"
        return "open" if now < self.window.closes else "closed"

    def closes_text(self) -> str:
        return format_day(local(self.window.closes, self.programme.timezone))


def checkin_form(session: Session, *, module_id: int, slack_id: str) -> CheckinForm:
    """The form for this person and module; CohortError if they may not reflect on it."""
    module = session.get(Module, module_id)
    if module is None or not module.active:
        raise CohortError("this module is no longer in the programme")
    programme = session.get(Programme, module.programme_id)
    assert programme is not None
    person = find_person(session, slack_id)
    membership = (
        session.exec(
            select(Membership).where(
                Membership.programme_id == programme.id,
                Membership.person_id == (person.id if person else -1),
                col(Membership.active),
            )
        ).first()
        if person
        else None
    )
    if person is None or person.forgotten or membership is None:
        raise CohortError(f"you are not in {programme.name}")
    if membership.role != "participant":
        raise CohortError("reflections are for the programme's participants")
    if not programme.checkins_enabled:
        raise CohortError(f"{programme.name} has no reflection check-ins")
    prompts = list(
        session.exec(
            select(CheckinPrompt)
            .where(CheckinPrompt.programme_id == programme.id, col(CheckinPrompt.active))
            .order_by(col(CheckinPrompt.position))
        ).all()
    )
    reflection = session.exec(
        select(Reflection).where(
            Reflection.module_id == module.id, Reflection.person_id == person.id
        )
    ).first()
    return CheckinForm(
        programme, module, person, prompts, checkin_window(programme, module), reflection
    )


def clean_answers(form: CheckinForm, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers checked against the prompts: text trimmed and bounded, scales in 1..N.

    Raises CohortError("<prompt key>: …") naming the first bad answer.
    """
    cleaned: dict[str, Any] = {}
    known = {prompt.key for prompt in form.prompts}
    for key in answers:
        if key not in known:
            raise CohortError(f"{key}: not one of this programme's prompts")
    for prompt in form.prompts:
        raw = answers.get(prompt.key)
        if prompt.scale:
            try:
                value = int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                raise CohortError(
                    f"{prompt.key}: choose a number from 1 to {prompt.scale}"
                ) from None
            if value is None or not 1 <= value <= prompt.scale:
                raise CohortError(f"{prompt.key}: choose a number from 1 to {prompt.scale}")
            cleaned[prompt.key] = value
            continue
        text = str(raw or "").strip()
        if not text:
            raise CohortError(f"{prompt.key}: please write a few words")
        if len(text) > MAX_ANSWER:
            raise CohortError(f"{prompt.key}: at most {MAX_ANSWER} characters, please")
        cleaned[prompt.key] = text
    return cleaned


def submit_reflection(
    session: Session,
    *,
    module_id: int,
    slack_id: str,
    answers: Mapping[str, Any],
    share_with_mentor: bool,
    now: datetime,
) -> Reflection:
    """Store (or edit) this person's reflection while the round is open; no nudge follows."""
    form = checkin_form(session, module_id=module_id, slack_id=slack_id)
    state = form.state(now)
    if state == "closed":
        raise CohortError(
            f"reflections on Module {form.module.number} closed on {form.closes_text()}"
        )
    if state == "not_open":
        raise CohortError(f"reflections on Module {form.module.number} are not open yet")
    cleaned = clean_answers(form, answers)
    reflection = form.reflection
    if reflection is None:
        assert form.programme.id is not None
        assert form.module.id is not None
        assert form.person.id is not None
        reflection = Reflection(
            programme_id=form.programme.id,
            module_id=form.module.id,
            person_id=form.person.id,
            answers=cleaned,
            share_with_mentor=share_with_mentor,
            submitted_at=now,
            updated_at=now,
        )
    else:
        reflection.answers = cleaned
        reflection.share_with_mentor = share_with_mentor
        reflection.updated_at = now
    session.add(reflection)
    session.flush()
    outbox.cancel(
        session,
        key_prefix=f"checkin:{form.programme.slug}:m{form.module.number}:nudge:{slack_id}@",
        reason="not needed: already reflected",
    )
    return reflection


def own_reflections(
    session: Session, *, programme: Programme, slack_id: str
) -> list[tuple[Module, Reflection]]:
    """This person's reflections in the programme, by module (theirs alone to see)."""
    rows = session.exec(
        select(Module, Reflection)
        .join(Reflection, col(Reflection.module_id) == Module.id)
        .join(Person, col(Person.id) == Reflection.person_id)
        .where(Reflection.programme_id == programme.id, Person.slack_id == slack_id)
        .order_by(col(Module.number))
    ).all()
    return [(module, reflection) for module, reflection in rows]


def open_rounds(
    session: Session, *, programme: Programme, slack_id: str, now: datetime
) -> list[tuple[Module, CheckinWindow]]:
    """Modules whose round is open now and this person has not reflected on yet."""
    if not programme.checkins_enabled:
        return []
    done = {
        module.id for module, _ in own_reflections(session, programme=programme, slack_id=slack_id)
    }
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, col(Module.active))
        .order_by(col(Module.number))
    ).all()
    rounds = [(m, checkin_window(programme, m)) for m in modules if m.id not in done]
    return [(m, w) for m, w in rounds if w.is_open(now)]


@dataclass(frozen=True)
class Completion:
    """How many participants reflected on a module (all organisers ever see by default)."""

    module: Module
    answered: int
    participants: int


def completion(session: Session, *, programme: Programme, now: datetime) -> list[Completion]:
    """Completion per module whose round has opened, oldest first."""
    participants = participant_count(session, programme=programme)
    counts = dict(
        session.exec(
            select(Reflection.module_id, func.count())
            .where(Reflection.programme_id == programme.id)
            .group_by(col(Reflection.module_id))
        ).all()
    )
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, col(Module.active))
        .order_by(col(Module.number))
    ).all()
    return [
        Completion(m, int(counts.get(m.id or 0, 0)), int(participants))
        for m in modules
        if checkin_window(programme, m).opens <= now
    ]


def parse_pause(text: str, now: datetime) -> datetime | None:
    """`2w`, `10d` → when the pause ends; `off`/`resume` → None. CohortError otherwise."""
    word = text.strip().lower()
    if word in ("off", "resume", "stop", "end"):
        return None
    try:
        seconds = parse_duration(word)
    except ValueError:
        raise CohortError(
            f"pause: {text.strip() or 'nothing'!r} is not a duration like 3d or 2w "
            "(or `off` to resume)"
        ) from None
    if timedelta(seconds=seconds) > MAX_PAUSE:
        raise CohortError("pause: at most 26 weeks at a time")
    return now + timedelta(seconds=seconds)


def reflections_for_export(session: Session, *, programme: Programme) -> list[dict[str, Any]]:
    """Every reflection, one row each, where the programme shares them with organisers.

    Raises CohortError otherwise: reflections belong to their authors unless the
    programme file says `share_reflections_with_organisers: true`.
    """
    if not programme.share_reflections_with_organisers:
        raise CohortError(
            f"reflections: {programme.slug} does not share reflections with organisers "
            "(share_reflections_with_organisers: false); organisers see completion rates only"
        )
    rows = session.exec(
        select(Module, Person, Reflection)
        .join(Reflection, col(Reflection.module_id) == Module.id)
        .join(Person, col(Person.id) == Reflection.person_id)
        .where(Reflection.programme_id == programme.id, col(Person.forgotten).is_(False))
        .order_by(col(Module.number), col(Person.slack_id))
    ).all()
    return [
        {
            "module": module.number,
            "slack": person.slack_id,
            "name": person.name,
            "submitted_at": reflection.submitted_at.isoformat(),
            "updated_at": reflection.updated_at.isoformat(),
            "share_with_mentor": reflection.share_with_mentor,
            "answers": dict(reflection.answers),
        }
        for module, person, reflection in rows
    ]


def prompt_keys(session: Session, *, programme: Programme) -> list[str]:
    """The programme's prompt keys in order (CSV columns)."""
    return list(
        session.exec(
            select(CheckinPrompt.key)
            .where(CheckinPrompt.programme_id == programme.id)
            .order_by(col(CheckinPrompt.position))
        ).all()
    )
