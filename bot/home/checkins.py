"""App Home for check-ins: open rounds and one's own reflections; organisers see rates.

Replaces the built-in "reflections waiting" section: rounds are counted on the
programme's local calendar (as the planner does), and each button has its own action id
(`checkin_reflect:<module id>`), as Slack wants them unique within a block.
"""

from __future__ import annotations

from sqlmodel import Session, select

from bot.blocks.checkins import REFLECT_ACTION
from bot.checkins import completion, open_rounds, own_reflections
from bot.home.registry import HomeButton, HomeScope, HomeSection, home_section
from bot.models import CheckinPrompt
from bot.planning import checkin_window
from bot.timefmt import format_day, local

MAX_ANSWER_SHOWN = 280


@home_section(roles=("participant",), order=30)
def open_checkins_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Rounds open now that this person has not answered, each with its *Reflect* button."""
    programme = scope.programme
    rounds = open_rounds(
        session, programme=programme, slack_id=scope.person.slack_id, now=scope.now
    )
    if not rounds:
        return None
    return HomeSection(
        "open_checkins",
        "Reflections waiting for you",
        lines=[
            f"Module {m.number}, {m.title}: open until "
            f"{format_day(local(w.closes, programme.timezone), year=False)}"
            for m, w in rounds
        ],
        buttons=[
            HomeButton(
                f"Reflect on Module {m.number}", f"{REFLECT_ACTION}:{m.id}", str(m.id), "primary"
            )
            for m, _ in rounds
        ],
    )


@home_section(roles=("participant",), order=35)
def my_reflections_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """This person's own reflections (nobody else's Home shows them)."""
    programme = scope.programme
    mine = own_reflections(session, programme=programme, slack_id=scope.person.slack_id)
    if not mine:
        return None
    prompts = {
        p.key: p.text
        for p in session.exec(
            select(CheckinPrompt).where(CheckinPrompt.programme_id == programme.id)
        ).all()
    }
    lines: list[str] = []
    for module, reflection in mine:
        shared = "shared with your mentor" if reflection.share_with_mentor else "private"
        day = format_day(local(reflection.updated_at, programme.timezone), year=False)
        lines.append(f"Module {module.number}, {module.title} ({day}, {shared})")
        for key, answer in reflection.answers.items():
            text = str(answer)
            if len(text) > MAX_ANSWER_SHOWN:
                text = text[: MAX_ANSWER_SHOWN - 1] + "…"
            lines.append(f"    {prompts.get(key, key)} {text}")
    buttons = [
        HomeButton(f"Edit Module {m.number}", f"{REFLECT_ACTION}:{m.id}", str(m.id))
        for m, _ in mine
        if checkin_window(programme, m).is_open(scope.now)
    ]
    return HomeSection("my_reflections", "Your reflections", lines=lines, buttons=buttons)


@home_section(roles=("organiser",), order=20)
def checkin_rates_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Completion per module: organisers see rates, not answers (unless shared, via export)."""
    rates = completion(session, programme=scope.programme, now=scope.now)
    if not rates:
        return None
    return HomeSection(
        "checkin_rates",
        "Reflection check-ins",
        lines=[
            f"Module {r.module.number}, {r.module.title}: {r.answered} of {r.participants} "
            f"reflected ({(100 * r.answered // r.participants) if r.participants else 0}%)"
            for r in rates
        ],
    )
