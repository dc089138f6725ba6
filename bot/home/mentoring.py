"""Mentoring on App Home: your mentor or mentees with the last meeting; the organisers' view.

The participant and mentor sections keep the built-in providers' names
(`my_mentor_section`, `my_mentees_section`), so registering them here replaces the
simpler versions in `sections.py` (the registry keeps one provider per name).
Organisers see pairs, quiet pairs (nothing logged for 2 × `prompt_every`) and who has no
profile yet, with buttons to propose matches and to nudge those people.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session

from bot.blocks.mentoring import LOG_MEETING_ACTION
from bot.blocks.mentoring_admin import NUDGE_PROFILES_ACTION, PROFILE_ACTION, PROPOSE_ACTION
from bot.home import sections as _built_in  # noqa: F401 (registered first, then replaced)
from bot.home.registry import HomeButton, HomeScope, HomeSection, home_section
from bot.matching.profiles import has_profile, missing_profiles
from bot.matching.report import pair_reports
from bot.matching.service import Pairing, pairings_of
from bot.models import Person
from bot.timefmt import format_day


def _who(person: Person) -> str:
    details = ", ".join(x for x in (person.job_title, person.organisation) if x)
    return f"{person.name} ({details})" if details else person.name


def _last_met(pairing: Pairing) -> str:
    if pairing.last_meeting is None:
        return "no meeting logged yet"
    met = datetime.combine(pairing.last_meeting.met_on, time(12))
    return f"last met {format_day(met, year=False)}"


def _profile_button(scope: HomeScope) -> HomeButton:
    return HomeButton("My mentoring profile", PROFILE_ACTION, scope.programme.slug)


def _pairings(session: Session, scope: HomeScope, *, as_mentor: bool) -> list[Pairing]:
    return [
        p
        for p in pairings_of(session, programme=scope.programme, slack_id=scope.person.slack_id)
        if (p.mentor.id == scope.person.id) == as_mentor
        and not (p.mentee.forgotten or p.mentor.forgotten)
    ]


@home_section(roles=("participant",), order=20)
def my_mentor_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Your mentor, when you last met, and buttons to log a meeting or edit your profile."""
    if not scope.programme.mentoring_enabled:
        return None
    key = f"my_mentor_{scope.programme.slug}"
    pairings = _pairings(session, scope, as_mentor=False)
    lines = [f"{_who(p.mentor)}: {_last_met(p)}" for p in pairings]
    buttons = [HomeButton("Log a meeting", LOG_MEETING_ACTION, str(p.match.id)) for p in pairings]
    if not pairings:
        lines = ["You have not been matched with a mentor yet."]
        if not has_profile(scope.membership):
            lines.append("Tell us your goals so we can find you a good match.")
    return HomeSection(key, "Your mentor", lines=lines, buttons=[*buttons, _profile_button(scope)])


@home_section(roles=("mentor",), order=5)
def my_mentees_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Your mentees, when you last met each, and a *Log a meeting* button per mentee."""
    if not scope.programme.mentoring_enabled:
        return None
    key = f"my_mentees_{scope.programme.slug}"
    pairings = _pairings(session, scope, as_mentor=True)
    lines = [f"{_who(p.mentee)}: {_last_met(p)}" for p in pairings]
    buttons = [
        HomeButton(f"Log a meeting with {p.mentee.name.split()[0]}", LOG_MEETING_ACTION,
                   str(p.match.id))
        for p in pairings
    ]  # fmt: skip
    if not pairings:
        lines = ["No mentees matched with you yet."]
    return HomeSection(key, "Your mentees", lines=lines, buttons=[*buttons, _profile_button(scope)])


@home_section(roles=("organiser",), order=40)
def mentoring_overview_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """Pairs, quiet pairs, missing profiles; *Propose matches* and *Nudge* buttons."""
    programme = scope.programme
    if not programme.mentoring_enabled:
        return None
    reports = [r for r in pair_reports(session, programme=programme, now=scope.now)
               if r.status == "active"]  # fmt: skip
    quiet = [r for r in reports if r.quiet]
    missing = missing_profiles(session, programme=programme)
    facts = [("Pairs", f"{len(reports)} active, {len(quiet)} with no meeting lately")]
    lines = [
        f"Quiet: {r.mentor_name} and {r.mentee_name} "
        + (f"(last met {r.last_meeting:%d %b})" if r.last_meeting else "(never met)")
        for r in quiet[:10]
    ]
    if missing:
        names = ", ".join(p.name for p in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        facts.append(("No profile yet", f"{names}{more}"))
    buttons = [HomeButton("Propose matches", PROPOSE_ACTION, programme.slug, "primary")]
    if missing:
        buttons.append(
            HomeButton(f"Nudge {len(missing)} without a profile", NUDGE_PROFILES_ACTION,
                       programme.slug)
        )  # fmt: skip
    return HomeSection(
        f"mentoring_{programme.slug}", "Mentoring", facts=facts, lines=lines, buttons=buttons
    )
