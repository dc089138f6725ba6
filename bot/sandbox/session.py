"""The sandbox's brain, without the terminal: who you are, where you are, what you can click.

The console (`console.py`) only reads lines and prints what these methods return, so the
whole sandbox can be driven, and tested, from Python:

    session.as_person("aisha")
    outputs = session.say("when is the first module?")

Every action goes to the app as Slack would send it (signed HTTP requests, through
`LiveApp`); what the bot does comes back through the emulator's observer as `Output`s.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from rapidfuzz import fuzz, process
from sqlmodel import col, select

from bot.db import session_scope
from bot.models import Membership, Person, Programme
from bot.sandbox.live import Button, LiveApp, find_buttons
from bot.slack_emulator import BOT_USER_ID, Notice

_DURATION = re.compile(r"^\+?(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
REPLY_TIMEOUT = 15.0


class MovableClock(Protocol):
    """The sandbox clock: tells the time and can jump forward."""

    def now(self) -> Any: ...

    def advance(self, delta: timedelta) -> None: ...


@dataclass(frozen=True)
class Someone:
    """A person of the sandbox's programmes."""

    slack_id: str
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """Somewhere to talk: your DM with the bot, or a channel."""

    channel: str
    label: str
    is_dm: bool


@dataclass
class Output:
    """Something to show: a message, an ephemeral, a modal opened, the Home tab, a note."""

    kind: str  # "message" | "ephemeral" | "modal" | "home" | "note" | "error"
    where: str = ""
    message: dict[str, Any] = field(default_factory=dict)
    view: dict[str, Any] | None = None
    text: str = ""


@dataclass(frozen=True)
class Choice:
    """A numbered button you can click, and where it is."""

    button: Button
    message: dict[str, Any] | None
    view: dict[str, Any] | None


@dataclass(frozen=True)
class ModalInput:
    """One input of an open modal, asked as a prompt; an empty answer keeps `element`'s initial."""

    block_id: str
    label: str
    element: dict[str, Any]
    optional: bool

    @property
    def action_id(self) -> str:
        return str(self.element.get("action_id", ""))

    @property
    def kind(self) -> str:
        return str(self.element.get("type", ""))

    @property
    def options(self) -> list[dict[str, Any]]:
        return list(self.element.get("options", []))

    def initial_text(self, names: Callable[[str], str]) -> str:
        """The pre-filled value, as a person would read it ("" when there is none)."""
        e = self.element
        if "initial_value" in e:
            return str(e["initial_value"])
        if "initial_option" in e:
            return option_label(e["initial_option"])
        if "initial_options" in e:
            return ", ".join(option_label(o) for o in e["initial_options"])
        if "initial_users" in e:
            return ", ".join(names(u) for u in e["initial_users"])
        return str(e.get("initial_user") or e.get("initial_date") or e.get("initial_time") or "")


class SandboxSession:
    """Chat with the bot as any person of the programmes in the database."""

    def __init__(self, live: LiveApp, *, clock: MovableClock) -> None:
        self.live, self.clock = live, clock
        self.emulator = live.emulator
        self.people = self._load_people()
        self.places = self._load_places()
        self.me: Someone = next(
            (p for p in self.people if "participant" in p.roles), self.people[0]
        ) if self.people else Someone("U0SANDBOX1", "Sandbox User", ())  # fmt: skip
        self.place = self.dm_place()
        self.choices: list[Choice] = []
        self.modal: dict[str, Any] | None = None
        self._inbox: list[Output] = []
        self._lock = threading.Lock()
        self.emulator.on_message(self._observe)
        self.run_jobs()  # plan the outbox now, so a later /clock jump has something to send

    # -- who and where ---------------------------------------------------------------------

    def _load_people(self) -> list[Someone]:
        with session_scope(self.live.engine) as session:
            rows = session.exec(
                select(Person.slack_id, Person.name, Membership.role)
                .join(Membership, col(Membership.person_id) == Person.id)
                .where(Membership.active, Person.forgotten == False)  # noqa: E712 (SQL)
                .order_by(Person.name)
            ).all()
        roles: dict[tuple[str, str], list[str]] = {}
        for slack_id, name, role in rows:
            roles.setdefault((slack_id, name), []).append(role)
        return [Someone(s, n, tuple(dict.fromkeys(r))) for (s, n), r in roles.items()]

    def _load_places(self) -> list[Place]:
        with session_scope(self.live.engine) as session:
            programmes = session.exec(select(Programme).order_by(Programme.slug)).all()
            places = [Place(p.channel, f"#{p.slug}", False) for p in programmes]
            places += [
                Place(p.organisers_channel, f"#{p.slug}-organisers", False)
                for p in programmes
                if p.organisers_channel
            ]
        return places

    def dm_place(self) -> Place:
        return Place(self.emulator.im_channel(self.me.slack_id), "DM with Cohort", True)

    def name_of(self, slack_id: str) -> str:
        """A person's or channel's name for display."""
        if slack_id == BOT_USER_ID:
            return "Cohort"
        for person in self.people:
            if person.slack_id == slack_id:
                return person.name
        for place in self.places:
            if place.channel == slack_id:
                return place.label.lstrip("#")
        return slack_id

    def where(self, channel: str | None) -> str:
        """ "#rise-…", "DM with Aisha Mahmood" or a channel id."""
        for place in self.places:
            if place.channel == channel:
                return place.label
        for person in self.people:
            if channel and channel == self.emulator.im_channel(person.slack_id):
                return f"DM with {person.name}"
        return channel or "?"

    def as_person(self, query: str) -> Someone:
        """Become the person whose name (or Slack id) best matches `query`."""
        if not self.people:
            raise LookupError("there is nobody in the database: load a programme first")
        by_label = {f"{p.name} {p.slack_id}": p for p in self.people}
        found = process.extractOne(query, list(by_label), scorer=fuzz.WRatio)
        if found is None or found[1] < 60:
            raise LookupError(f"nobody called {query!r}: try /people")
        self.me = by_label[found[0]]
        self.place, self.choices, self.modal = self.dm_place(), [], None
        return self.me

    def user_ids(self, query: str) -> list[str]:
        """The Slack id of the person best matching `query` (a name or an id), if any."""
        labels = {f"{p.name} {p.slack_id}": p.slack_id for p in self.people}
        found = process.extractOne(query, list(labels), scorer=fuzz.WRatio)
        return [labels[found[0]]] if found is not None and found[1] >= 60 else []

    def go(self, query: str) -> Place:
        """Move to `dm` or a channel (fuzzy on its name)."""
        if query.strip().lower() in ("dm", "direct", "me", ""):
            self.place = self.dm_place()
            return self.place
        labels = {p.label: p for p in self.places}
        found = process.extractOne(query.lstrip("#"), list(labels), scorer=fuzz.WRatio)
        if found is None or found[1] < 50:
            raise LookupError(f"no channel like {query!r}: try /places")
        self.place = labels[found[0]]
        return self.place

    def recent(self, limit: int = 3) -> list[Output]:
        """The bot's latest messages where you are: what you would see on opening it in Slack.

        Their buttons become the choices, so an organiser who goes to the organisers'
        channel can click *Answer* on a question someone else's conversation escalated.
        """
        channel = (
            self.emulator.im_channel(self.me.slack_id) if self.place.is_dm else self.place.channel
        )
        own = [m for m in self.emulator.messages(channel) if m.get("user") == BOT_USER_ID]
        outputs = [
            Output("message", self.where(channel), {**m, "channel": channel}) for m in own[-limit:]
        ]
        choices = [
            Choice(button, output.message, None)
            for output in outputs
            for button in find_buttons(output.message.get("blocks"))
        ]
        self.choices = choices
        return outputs

    # -- what the bot does ----------------------------------------------------------------

    def _observe(self, notice: Notice) -> None:
        output = self._output_for(notice)
        if output is not None:
            with self._lock:
                self._inbox.append(output)

    def _output_for(self, notice: Notice) -> Output | None:
        message = notice.message or {}
        if notice.kind in ("message", "message_changed"):
            if message.get("user") != BOT_USER_ID:
                return None  # people's own messages: the console already showed them
            where = self.where(notice.channel)
            edited = " (edited)" if notice.kind == "message_changed" else ""
            return Output("message", where + edited, {**message, "channel": notice.channel})
        if notice.kind == "ephemeral":
            where = (
                f"{self.where(notice.channel)}, only visible to {self.name_of(notice.user or '')}"
            )
            return Output("ephemeral", where, {**message, "channel": notice.channel})
        opened = notice.kind in ("view_opened", "view_pushed", "view_updated")
        view = notice.view or {}
        if opened and view.get("type") == "modal" and notice.user == self.me.slack_id:
            self.modal = view
            return Output("modal", "modal", view=view)
        return None

    def drain(self) -> list[Output]:
        """What happened since last asked, oldest first; buttons in it become the choices."""
        with self._lock:
            outputs, self._inbox = self._inbox, []
        new_choices = [
            Choice(button, o.message if o.kind in ("message", "ephemeral") else None,
                   o.view if o.kind in ("modal", "home") else None)
            for o in outputs
            for button in find_buttons((o.view or o.message).get("blocks"))
        ]  # fmt: skip
        if new_choices:
            self.choices = new_choices
        return outputs

    def number_of(self, element: dict[str, Any]) -> int | None:
        """The choice number of a button (for rendering), or None."""
        for number, choice in enumerate(self.choices, start=1):
            if choice.button.element is element or choice.button.element == element:
                return number
        return None

    # -- acting ----------------------------------------------------------------------------

    def say(self, text: str) -> list[Output]:
        """Type `text` where you are: `/cohort …` runs the command, `@cohort` mentions the bot."""
        text = text.strip()
        if not text:
            return []
        if text.startswith("/cohort"):
            return self._command(text.removeprefix("/cohort").strip())
        mentioned = re.search(r"@cohort\b", text, flags=re.IGNORECASE) is not None
        text = re.sub(r"@cohort\b", f"<@{BOT_USER_ID}>", text, flags=re.IGNORECASE)
        if self.place.is_dm:
            sent = self.live.dm(self.me.slack_id, text)
        elif mentioned:
            sent = self.live.mention(self.me.slack_id, self.place.channel, text)
        else:
            self.live.post(self.me.slack_id, self.place.channel, text)
            return [
                Output(
                    "note", text="(posted; the bot only reads channel messages that @mention it)"
                )
            ]
        try:
            self.live.reply_to(sent, timeout=REPLY_TIMEOUT)
        except AssertionError:
            return [*self._settled(), Output("error", text="The bot did not answer in time.")]
        return self._settled()

    def _command(self, text: str) -> list[Output]:
        reply = self.live.command(self.me.slack_id, text, channel=self.place.channel)
        outputs = []
        if reply.status != 200:
            outputs.append(Output("error", text=f"The app answered HTTP {reply.status}."))
        elif (ack := reply.message()) is not None:
            self._note_ack(ack)
        return [*self._settled(), *outputs]

    def _note_ack(self, message: dict[str, Any]) -> None:
        """An acknowledgement's message, shown like Slack shows it: only to you."""
        where = f"{self.place.label}, only visible to you"
        with self._lock:
            self._inbox.append(
                Output("ephemeral", where, {**message, "channel": self.place.channel})
            )

    def _settled(self) -> list[Output]:
        self.live.settle(timeout=REPLY_TIMEOUT)
        return self.drain()

    def click(self, number: int) -> list[Output]:
        """Click choice `number` (from the latest buttons shown)."""
        if not self.choices:
            raise LookupError("there is nothing to click here: /in a place shows its messages")
        if not 1 <= number <= len(self.choices):
            raise LookupError(f"there is no choice {number}: pick 1–{len(self.choices)}")
        choice = self.choices[number - 1]
        reply = self.live.click(
            self.me.slack_id, choice.button, message=choice.message, view=choice.view
        )
        if reply.status != 200:
            return [
                *self._settled(),
                Output("error", text=f"The app answered HTTP {reply.status}."),
            ]
        return self._settled()

    def open_home(self) -> Output:
        """Open your App Home tab."""
        view = self.live.open_home(self.me.slack_id, timeout=REPLY_TIMEOUT)
        self.choices = [Choice(b, None, view) for b in find_buttons(view.get("blocks"))]
        return Output("home", "Home", view=view)

    def modal_inputs(self) -> list[ModalInput]:
        """The inputs of the open modal, in order."""
        inputs = []
        for block in (self.modal or {}).get("blocks", []):
            if block.get("type") != "input":
                continue
            inputs.append(
                ModalInput(
                    block_id=block.get("block_id", ""),
                    label=block.get("label", {}).get("text", ""),
                    element=block.get("element", {}),
                    optional=bool(block.get("optional")),
                )
            )
        return inputs

    def submit_modal(self, answers: list[str]) -> list[Output]:
        """Submit the open modal with one answer per input (numbers pick options)."""
        if self.modal is None:
            raise LookupError("no modal is open")
        values: dict[str, dict[str, Any]] = {}
        for field_, answer in zip(self.modal_inputs(), answers, strict=False):
            values[field_.block_id] = {field_.action_id: _value(field_, answer, self.user_ids)}
        view, self.modal = self.modal, None
        reply = self.live.submit(self.me.slack_id, view, values)
        body = reply.json() if reply.status == 200 and reply.body.strip().startswith("{") else None
        if body and body.get("response_action") == "errors":
            self.modal = view
            problems = "; ".join(f"{k}: {v}" for k, v in body.get("errors", {}).items())
            return [*self._settled(), Output("error", text=f"Please fix: {problems}")]
        return self._settled()

    def cancel_modal(self) -> None:
        """Close the open modal without submitting it."""
        self.emulator.close_modals(self.me.slack_id)
        self.modal = None

    def advance_clock(self, spec: str) -> list[Output]:
        """Move the sandbox clock forward (`+7d`, `2h`, `30m`, `3w`) and run the jobs now."""
        match = _DURATION.match(spec.strip().lower())
        if match is None:
            raise LookupError(f"{spec!r} is not a duration like +7d, +2h, +30m or +3w")
        self.clock.advance(timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}))
        self.run_jobs()
        return self._settled()

    def run_jobs(self) -> None:
        """Run every scheduled job once, now (after the clock moved)."""
        scheduler = self.live.scheduler
        for job in scheduler.get_jobs() if scheduler is not None else []:
            job.func(*job.args, **job.kwargs)


def _value(field_: ModalInput, answer: str, user_ids: Callable[[str], list[str]]) -> dict[str, Any]:
    """A modal input's state value from what was typed; empty keeps the pre-filled value.

    A number picks an option; several options, people or ids are separated by commas.
    """
    e, kind, answer = field_.element, field_.kind, answer.strip()
    parts = [a.strip() for a in answer.split(",") if a.strip()]
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": _pick(field_.options, answer) if answer
                else e.get("initial_option")}  # fmt: skip
    if kind in ("checkboxes", "multi_static_select"):
        picked = [p for p in (_pick(field_.options, a) for a in parts) if p]
        return {
            "type": kind,
            "selected_options": picked if answer else e.get("initial_options", []),
        }
    if kind == "multi_users_select":
        chosen = [u for part in parts for u in user_ids(part)]
        return {"type": kind, "selected_users": chosen if answer else e.get("initial_users", [])}
    if kind == "users_select":
        found = user_ids(answer) if answer else [e.get("initial_user")]
        return {"type": kind, "selected_user": found[0] if found else None}
    for key, initial in (("datepicker", "date"), ("timepicker", "time")):
        if kind == key:
            return {"type": kind, f"selected_{initial}": answer or e.get(f"initial_{initial}")}
    return {"type": kind, "value": answer or e.get("initial_value") or None}


def option_label(option: dict[str, Any]) -> str:
    """What an option says."""
    return str(option.get("text", {}).get("text", option.get("value", "")))


def _pick(options: list[dict[str, Any]], answer: str) -> dict[str, Any] | None:
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    for option in options:
        if option.get("text", {}).get("text", "").lower() == answer.lower():
            return option
    return None
