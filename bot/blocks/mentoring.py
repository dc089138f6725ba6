"""Mentoring messages and modals: introductions, prompts, logging a meeting.

Plain Block Kit dicts. Who may see what is decided before these are called: a builder
shows what it is given (e.g. a mentee's goals only when the caller passes them).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

from bot.blocks.mrkdwn import Block, actions, button, context, escape, header, modal, section
from bot.matching.shared import SharedProfile, SharedReflection
from bot.models import Module, Programme
from bot.timefmt import format_day, format_duration

LOG_MEETING_ACTION = "mentoring_log_meeting"
NOT_YET_ACTION = "mentoring_not_yet"
LOG_MEETING_CALLBACK = "mentoring_log_meeting"
CHANGE_NOTE = "Want a different pairing? `/cohort mentor change` tells the organisers, privately."


def _day(day: date) -> str:
    """Thursday 11 March 2027, for a calendar date."""
    return format_day(datetime.combine(day, time(12)))


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def _listing(label: str, items: list[str]) -> str:
    return f"*{label}:* {escape(', '.join(items))}" if items else ""


def _log_buttons(match_id: int, *, not_yet: bool) -> Block:
    elements = [button("Log a meeting", LOG_MEETING_ACTION, str(match_id), style="primary")]
    if not_yet:
        elements.append(button("Not yet", NOT_YET_ACTION, str(match_id)))
    return actions(*elements, block_id=f"mentoring_{match_id}")


def intro_message(
    programme: Programme,
    *,
    match_id: int,
    mentor: str,
    mentee: str,
    mentee_name: str,
    reasons: list[str],
    profile: SharedProfile | None,
) -> tuple[str, list[Block]]:
    """The group DM introducing a pair: why, the mentee's shared profile, a first agenda."""
    text = f"<@{mentor}>, meet <@{mentee}>: you are mentor and mentee on {escape(programme.name)}."
    blocks: list[Block] = [header("Meet your mentoring pair"), section(text)]
    why = (
        "*Why you were matched:* you share an interest in\n" + _bullets(reasons)
        if reasons
        else "*Why you were matched:* the best fit for everyone across the cohort."
    )
    blocks.append(section(why))
    if profile is not None:
        about = [
            _listing("Goals", profile.goals),
            _listing("Development areas", profile.development_areas),
            _listing("Current challenges", profile.challenges),
        ]
        lines = "\n".join(line for line in about if line)
        if lines:
            blocks.append(section(f"*What {escape(mentee_name)} would like to work on*\n{lines}"))
    else:
        blocks.append(
            context(f"{escape(mentee_name)} will share their goals with you when you meet.")
        )
    every = format_duration(programme.mentor_prompt_every_s)
    agenda = (
        "*A suggested agenda for your first meeting (about an hour)*\n"
        "1. Introductions: your career stories and what brought you here (15 min)\n"
        f"2. What {escape(mentee_name)} wants from the programme and from mentoring (15 min)\n"
        "3. One current challenge, worked through together (20 min)\n"
        f"4. How you will work together: how often (every {every} works well), where, "
        "and what stays between you (10 min)\n"
        "5. Put the next date in the diary, then log the meeting here"
    )
    blocks += [section(agenda), _log_buttons(match_id, not_yet=False), context(CHANGE_NOTE)]
    return text, blocks


def prompt_message(
    programme: Programme,
    *,
    match_id: int,
    mentee: str,
    mentee_name: str,
    last_met: date | None,
    next_on: date | None,
    module: Module | None,
    reflections: list[SharedReflection],
) -> tuple[str, list[Block]]:
    """The mentor's regular check-in about one mentee, with *Log a meeting* and *Not yet*."""
    if last_met is None:
        when = "You have not logged a meeting yet."
    else:
        when = f"You last met on {_day(last_met)}."
    text = f"How are things going with {escape(mentee_name)}? {when}"
    blocks: list[Block] = [section(f"How are things going with <@{mentee}>? {when}")]
    if next_on is not None:
        blocks.append(context(f"Your next meeting is planned for {_day(next_on)}."))
    if module is not None:
        theme = f"*Module {module.number}, {escape(module.title)}*"
        if module.summary:
            theme += f": {escape(module.summary)}"
        blocks.append(section(f"*A talking point from the programme*\n{theme}"))
    for reflection in reflections:
        answers = "\n".join(f"_{escape(q)}_\n{escape(a)}" for q, a in reflection.answers)
        blocks.append(
            section(
                f"*{escape(mentee_name)} shared a reflection on {escape(reflection.module)}*\n"
                + answers
            )
        )
    blocks += [_log_buttons(match_id, not_yet=True), context(CHANGE_NOTE)]
    return text, blocks


def log_meeting_modal(*, match_id: int, other_name: str, today: date) -> dict[str, object]:
    """The *Log a meeting* modal: when you met, what you talked about, when you meet next."""
    return modal(
        "Log a meeting",
        callback_id=LOG_MEETING_CALLBACK,
        metadata=json.dumps({"match_id": match_id}),
        submit="Save",
        blocks=[
            section(f"Your mentoring meeting with {escape(other_name)}."),
            {
                "type": "input",
                "block_id": "met_on",
                "label": {"type": "plain_text", "text": "When did you meet?"},
                "element": {
                    "type": "datepicker",
                    "action_id": "value",
                    "initial_date": today.isoformat(),
                },
            },
            {
                "type": "input",
                "block_id": "topics",
                "optional": True,
                "label": {"type": "plain_text", "text": "What did you talk about?"},
                "hint": {"type": "plain_text", "text": "Only the two of you see this."},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 2000,
                },
            },
            {
                "type": "input",
                "block_id": "next_on",
                "optional": True,
                "label": {"type": "plain_text", "text": "When do you meet next?"},
                "element": {"type": "datepicker", "action_id": "value"},
            },
        ],
    )


def meeting_logged_text(*, met_on: date, next_on: date | None) -> str:
    """The confirmation after a meeting is logged."""
    text = f"Logged your meeting on {_day(met_on)}."
    if next_on is not None:
        text += f" Next: {_day(next_on)}."
    return text
