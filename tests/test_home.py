"""App Home as plain data: what each person is shown, from the database and the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import select

from bot.blocks.checkins import REFLECT_ACTION
from bot.blocks.home import home_view
from bot.db import session_scope
from bot.home import Home, build_home
from bot.models import Module, Person, QuestionLog, Reflection

PARTICIPANT, ORGANISER = "U0EXPART01", "U0EXORG001"
AFTER_MODULE_1 = datetime(2027, 1, 25, 12, 0, tzinfo=UTC)  # module 1 ended 22 Jan, 16:30


def home_of(engine: Engine, slack_id: str, now: datetime) -> Home:
    with session_scope(engine) as session:
        return build_home(session, slack_id=slack_id, now=now)


def section_keys(home: Home) -> list[str]:
    return [s.key for p in home.programmes for s in p.sections]


def test_open_checkin_until_reflected(programme_db: Engine) -> None:
    """After a module, a participant sees a Reflect button for it until they have reflected."""
    home = home_of(programme_db, PARTICIPANT, AFTER_MODULE_1)
    [waiting] = [s for s in home.programmes[0].sections if s.key == "open_checkins"]
    assert waiting.lines == ["Module 1, Leading as Yourself: open until Friday 12 February"]
    # One action id per button (`checkin_reflect:<module id>`): Slack wants them unique.
    assert [(b.action_id.split(":")[0], b.style) for b in waiting.buttons] == [
        (REFLECT_ACTION, "primary")
    ]
    with session_scope(programme_db) as session:
        module = session.exec(select(Module).where(Module.number == 1)).one()
        person = session.exec(select(Person).where(Person.slack_id == PARTICIPANT)).one()
        session.add(Reflection(programme_id=module.programme_id, module_id=module.id,
                               person_id=person.id, answers={}, submitted_at=AFTER_MODULE_1,
                               updated_at=AFTER_MODULE_1))  # fmt: skip
    assert "open_checkins" not in section_keys(home_of(programme_db, PARTICIPANT, AFTER_MODULE_1))


def test_checkin_closes(programme_db: Engine) -> None:
    """Three weeks after the module (close_after), the Reflect button is gone."""
    later = AFTER_MODULE_1 + timedelta(days=21)
    assert "open_checkins" not in section_keys(home_of(programme_db, PARTICIPANT, later))


def test_after_the_last_module(programme_db: Engine) -> None:
    """Once every module has taken place, Home says so instead of a next module."""
    home = home_of(programme_db, ORGANISER, datetime(2028, 1, 1, tzinfo=UTC))
    [modules] = [s for s in home.programmes[0].sections if s.key == "next_module"]
    assert modules.lines == ["All the modules have taken place."]
    summary = next(s for s in home.programmes[0].sections if s.key == "programme_summary")
    assert ("Modules", "6 of 6 done") in summary.facts


def test_home_view_is_valid_block_kit(programme_db: Engine) -> None:
    """The rendered view stays within Slack's limits and escapes programme text."""
    view = home_view(home_of(programme_db, PARTICIPANT, AFTER_MODULE_1))
    assert view["type"] == "home"
    assert 1 <= len(view["blocks"]) <= 100
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in view["blocks"])
    assert view["blocks"][0]["text"]["text"] == "Welcome, Aisha"


def test_stranger_has_no_programmes(programme_db: Engine) -> None:
    """Someone the database does not know gets an empty Home (rendered as an explanation)."""
    home = home_of(programme_db, "U0NOBODY01", AFTER_MODULE_1)
    assert home.programmes == []
    assert "not on a programme here yet" in str(home_view(home)["blocks"])


def test_organiser_sees_question_counts_not_questions(programme_db: Engine) -> None:
    """Organisers see how many questions were asked, answered and are waiting; never the text."""
    now = AFTER_MODULE_1
    with session_scope(programme_db) as session:
        programme_id = session.exec(select(Module.programme_id)).first()
        for answered, escalated, feedback in ((True, False, 1), (False, True, None)):
            session.add(QuestionLog(
                programme_id=programme_id, asker=PARTICIPANT, text="a private worry",
                asked_at=now - timedelta(days=1), answered=answered, escalated=escalated,
                feedback=feedback,
            ))  # fmt: skip
    home = home_of(programme_db, ORGANISER, now)
    questions = next(s for p in home.programmes for s in p.sections if s.key == "questions")
    assert dict(questions.facts) == {
        "Last 7 days": "2 asked (50% answered by the bot)",
        "Feedback": "1 👍, 0 👎",
        "Waiting for you": "1 passed on and not yet answered",
    }
    assert "a private worry" not in repr(home)
    assert "questions" not in section_keys(home_of(programme_db, PARTICIPANT, now))
