"""The local sandbox: a console session driving the real app over HTTP against the emulator."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from sqlalchemy import Engine
from sqlmodel import select

from bot.clock import ManualClock
from bot.db import session_scope
from bot.models import Membership, Person
from bot.sandbox.console import SandboxConsole
from bot.sandbox.live import LiveApp
from bot.sandbox.runner import load_example_if_empty
from bot.sandbox.seed import handle
from bot.sandbox.session import SandboxSession


@pytest.fixture
def session(
    running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock
) -> SandboxSession:
    """A sandbox session over the example programme (no scheduler)."""
    return SandboxSession(running_app(programme_db, clock), clock=clock)


def texts(outputs: list) -> str:
    return "\n".join(o.message.get("text", "") for o in outputs)


def test_first_module_question_gets_the_date(session: SandboxSession) -> None:
    """Asking "when is the first module?" in the sandbox gets the module's date back."""
    assert "participant" in session.me.roles
    outputs = session.say("when is the first module?")
    assert [o.kind for o in outputs] == ["message"]
    assert "21 January" in texts(outputs)
    assert outputs[0].where == f"DM with {session.me.name}"


def test_switching_person_and_home(session: SandboxSession) -> None:
    """`/as nadia` becomes the organiser, whose Home shows the programme at a glance."""
    person = session.as_person("nadia")
    assert person.name == "Nadia Chowdhury"
    assert person.roles == ("organiser",)
    home = session.open_home()
    assert home.view is not None
    assert "Programme at a glance" in str(home.view["blocks"])
    with pytest.raises(LookupError):
        session.as_person("zzzzqqqq")


def test_mention_in_the_cohort_channel(session: SandboxSession) -> None:
    """In the cohort channel, `@cohort …` is a mention, answered in its thread there."""
    place = session.go("rise")
    assert place.label == "#rise-west-midlands-3"
    outputs = session.say("@cohort where is module 2?")
    assert "Hartsfield Manor" in texts(outputs)
    assert outputs[0].where == "#rise-west-midlands-3"
    assert outputs[0].message["thread_ts"] != outputs[0].message["ts"]


def test_slash_command_help(session: SandboxSession) -> None:
    """`/cohort help` shows the acknowledgement, visible only to you."""
    outputs = session.say("/cohort help")
    assert outputs[-1].kind == "ephemeral"
    assert "/cohort ask" in outputs[-1].message["text"]


def test_console_renders_the_answer(session: SandboxSession) -> None:
    """The console prints the bot's answer readably, and handles its own commands."""
    screen = io.StringIO()
    console = SandboxConsole(session, Console(file=screen, width=120, color_system=None))
    assert console.handle("when is module 1?")
    assert console.handle("/as leon")
    assert console.handle("/people")
    assert console.handle("/nonsense")
    assert not console.handle("/quit")
    printed = screen.getvalue()
    assert "Cohort → DM with Aisha Mahmood" in printed
    assert "21 January" in printed
    assert "You are now Leon Francis (organiser)." in printed
    assert "I don't know /nonsense" in printed


def test_clock_moves_forward(session: SandboxSession, clock: ManualClock) -> None:
    """`/clock +7d` moves the sandbox clock, and bad durations are refused with a reason."""
    before = clock.now()
    session.advance_clock("+7d")
    assert (clock.now() - before).days == 7
    with pytest.raises(LookupError):
        session.advance_clock("soon")


def test_example_loaded_only_into_an_empty_database(db: Engine) -> None:
    """The sandbox loads the example programme once, into an empty database only."""
    assert load_example_if_empty(db) is not None
    assert load_example_if_empty(db) is None


def test_display_names() -> None:
    """People's Slack handles drop titles: "Dr Comfort Boateng" → comfort.boateng."""
    assert handle("Dr Comfort Boateng") == "comfort.boateng"
    assert handle("Cllr Marcia Grant") == "marcia.grant"


def test_clock_jump_fires_the_module_reminder(
    running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock
) -> None:
    """With the scheduler on, `/clock +4d` passes the 14-day reminder: it appears in the channel."""
    session = SandboxSession(running_app(programme_db, clock, scheduler=True), clock=clock)
    outputs = session.advance_clock("+4d")
    reminders = [o for o in outputs if "Reminder: Module 1" in o.message.get("text", "")]
    assert [o.where for o in reminders] == ["#rise-west-midlands-3"]


def test_modal_as_prompts_keeps_prefilled_answers(
    session: SandboxSession, programme_db: Engine
) -> None:
    """A button opening a modal gives prompts; empty answers keep what the form had filled in."""
    session.open_home()
    [number] = [n for n, c in enumerate(session.choices, 1) if "profile" in c.button.label.lower()]
    session.click(number)
    assert session.modal is not None
    inputs = session.modal_inputs()
    goals = next(i for i in inputs if i.block_id == "goals")
    assert "national profile" in goals.initial_text(session.name_of)
    outputs = session.submit_modal([""] * len(inputs))
    assert [o.kind for o in outputs if o.kind == "error"] == []
    assert session.modal is None
    with session_scope(programme_db) as db:
        person = db.exec(select(Person).where(Person.slack_id == session.me.slack_id)).one()
        membership = db.exec(select(Membership).where(Membership.person_id == person.id)).one()
    assert membership.goals == ["director of adult social services", "national profile"]


def test_suggested_faq_entry_answers_the_question_in_the_sandbox(session: SandboxSession) -> None:
    """A newcomer's path: a question the bot hands on shows numbered FAQ suggestions; opening
    one and saying it answers the question edits the reply, as Slack would."""
    outputs = session.say("Is there a prayer room at The Exchange?")
    assert "passed your question to the organisers" in texts(outputs)
    labels = [choice.button.label for choice in session.choices]
    assert labels
    opened = session.click(1)
    assert opened[-1].where.endswith("(edited)")
    assert "Does this answer your question?" in str(opened[-1].message["blocks"])
    assert session.choices[0].button.label == "✅ Yes, that answers it"
    settled = [str(o.message.get("blocks")) for o in session.click(1)]
    assert any("Glad that helped" in blocks for blocks in settled)
    assert any("found the answer in the FAQ" in blocks for blocks in settled)  # organisers
