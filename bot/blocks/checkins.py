"""Reflection check-ins: the invitation and nudge DMs, the *Reflect* modal, the thanks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.blocks.mrkdwn import Block, actions, button, context, escape, modal, plain, section
from bot.models import CheckinPrompt, Module, Programme
from bot.timefmt import format_day, local

if TYPE_CHECKING:
    from bot.checkins import CheckinForm

REFLECT_ACTION = "checkin_reflect"
PRIVACY_NOTE = (
    "Your reflection is private: only you can see it, and your mentor too if you choose "
    "to share it."
)


def checkin_message(
    programme: Programme, module: Module, *, closes_at: datetime, nudge: bool
) -> tuple[str, list[Block]]:
    """The DM inviting (or nudging) a participant to reflect on a module."""
    closes = format_day(local(closes_at, programme.timezone), year=False)
    name = f"Module {module.number}, {module.title},"
    if nudge:
        text = f"A gentle nudge: your reflection on {name} is still open until {closes}."
    else:
        text = (
            f"{name} has finished. Take five minutes to reflect on what you will take from "
            f"it: it is open until {closes}."
        )
    blocks = [
        section(escape(text)),
        actions(
            button("Reflect", REFLECT_ACTION, str(module.id), style="primary"),
            block_id=f"checkin_{module.id}",
        ),
        context(PRIVACY_NOTE),
    ]
    return text, blocks


def checkin_closed_message(programme: Programme, module: Module) -> tuple[str, list[Block]]:
    """What the invitation turns into once the round has closed."""
    text = f"Reflections on Module {module.number}, {module.title}, have closed."
    return text, [section(escape(text)), context(PRIVACY_NOTE)]


REFLECT_CALLBACK = "checkin_submit"
SHARE_BLOCK, SHARE_ACTION, SHARE_VALUE = "share", "share_with_mentor", "share"


def prompt_block_id(key: str) -> str:
    return f"prompt_{key}"


def _option(value: int) -> Block:
    return {"text": plain(str(value)), "value": str(value)}


def _prompt_input(prompt: CheckinPrompt, answer: object) -> Block:
    """A 1..N choice for a scale prompt, a text area otherwise; the earlier answer filled in."""
    if prompt.scale:
        element: Block = {
            "type": "static_select",
            "action_id": "answer",
            "placeholder": plain(f"1 (not at all) to {prompt.scale} (very)"),
            "options": [_option(n) for n in range(1, prompt.scale + 1)],
        }
        if isinstance(answer, int) and 1 <= answer <= prompt.scale:
            element["initial_option"] = _option(answer)
    else:
        element = {
            "type": "plain_text_input",
            "action_id": "answer",
            "multiline": True,
            "max_length": 3000,
        }
        if isinstance(answer, str) and answer:
            element["initial_value"] = answer
    return {
        "type": "input",
        "block_id": prompt_block_id(prompt.key),
        "label": plain(prompt.text),
        "element": element,
    }


def reflect_modal(form: CheckinForm) -> Block:
    """The *Reflect* modal: one input per prompt and the "share with my mentor" choice."""
    module = form.module
    answers = form.reflection.answers if form.reflection else {}
    share_option = {
        "text": {"type": "mrkdwn", "text": "*Share this reflection with my mentor*"},
        "description": plain("Nobody else sees it. You can change this later."),
        "value": SHARE_VALUE,
    }
    share: Block = {"type": "checkboxes", "action_id": SHARE_ACTION, "options": [share_option]}
    if form.reflection and form.reflection.share_with_mentor:
        share["initial_options"] = [share_option]
    intro = f"*Module {module.number}: {escape(module.title)}*\nOpen until {form.closes_text()}."
    if form.reflection:
        intro += " You have reflected already: what you change here replaces it."
    return modal(
        "Reflect",
        callback_id=REFLECT_CALLBACK,
        metadata=str(module.id),
        submit="Save",
        blocks=[
            section(intro),
            *[_prompt_input(p, answers.get(p.key)) for p in form.prompts],
            {
                "type": "input",
                "block_id": SHARE_BLOCK,
                "optional": True,
                "label": plain("Your mentor"),
                "element": share,
            },
            context(PRIVACY_NOTE),
        ],
    )


def read_submission(values: dict[str, dict[str, dict]]) -> tuple[dict[str, object], bool]:
    """The answers (by prompt key) and the share choice from a view's `state.values`."""
    answers: dict[str, object] = {}
    for block_id, inputs in values.items():
        if not block_id.startswith("prompt_"):
            continue
        action = inputs.get("answer") or {}
        if action.get("type") == "static_select":
            answers[block_id[len("prompt_") :]] = (action.get("selected_option") or {}).get("value")
        else:
            answers[block_id[len("prompt_") :]] = action.get("value")
    chosen = (values.get(SHARE_BLOCK) or {}).get(SHARE_ACTION) or {}
    share = any(o.get("value") == SHARE_VALUE for o in chosen.get("selected_options") or [])
    return answers, share


def notice_modal(title: str, text: str) -> Block:
    """A small modal that only says something (a closed round, a thank-you)."""
    return modal(title, [section(escape(text))], close="Close")


def thanks_modal(form: CheckinForm, *, shared: bool) -> Block:
    """What the modal turns into once the reflection is saved."""
    who = "you and your mentor" if shared else "you"
    return notice_modal(
        "Thank you",
        f"Your reflection on Module {form.module.number}, {form.module.title}, is saved. "
        f"Only {who} can see it. You can change it until {form.closes_text()} "
        "from the same button or your Home tab.",
    )
