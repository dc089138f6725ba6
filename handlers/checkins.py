"""Reflection check-ins in Slack: the *Reflect* button, its modal, and `/cohort pause`.

Only the person a reflection belongs to can open or save it: the module comes from the
button or the modal, the person always from Slack's `user` field, never from the payload.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.checkins import (
    REFLECT_ACTION,
    REFLECT_CALLBACK,
    checkin_closed_message,
    notice_modal,
    prompt_block_id,
    read_submission,
    reflect_modal,
    thanks_modal,
)
from bot.checkins import checkin_form, parse_pause, submit_reflection
from bot.context import AppContext
from bot.db import session_scope
from bot.errors import CohortError
from bot.pause import pause
from bot.planning import plan_all
from bot.programmes import memberships_of
from bot.timefmt import format_day, local
from handlers.commands import COMMAND, arguments, subcommand
from handlers.home import publish_home


def register(app: App, ctx: AppContext) -> None:
    """The Reflect button (in DMs and App Home), the modal, and `/cohort pause`."""

    @app.action(re.compile(rf"^{REFLECT_ACTION}(:\d+)?$"))  # Home buttons carry the module id
    def open_reflection(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        user = body["user"]["id"]
        now = ctx.clock.now()
        try:
            module_id = int(body["actions"][0]["value"])
            with session_scope(ctx.engine) as session:
                form = checkin_form(session, module_id=module_id, slack_id=user)
                state = form.state(now)
                view = reflect_modal(form) if state == "open" else None
                closed_text, closed_blocks = checkin_closed_message(form.programme, form.module)
        except (CohortError, ValueError) as exc:
            client.views_open(
                trigger_id=body["trigger_id"], view=notice_modal("Reflect", f"Sorry: {exc}.")
            )
            return
        if view is not None:
            client.views_open(trigger_id=body["trigger_id"], view=view)
            return
        if state == "closed" and body.get("response_url"):
            respond(text=closed_text, blocks=closed_blocks, replace_original=True)
        message = (
            f"Reflections on Module {form.module.number} closed on {form.closes_text()}."
            if state == "closed"
            else f"Reflections on Module {form.module.number} are not open yet."
        )
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal("Reflect", message))

    @app.view(REFLECT_CALLBACK)
    def save_reflection(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        view = body["view"]
        answers, share = read_submission(view["state"]["values"])
        try:
            with session_scope(ctx.engine) as session:
                submit_reflection(
                    session,
                    module_id=int(view["private_metadata"]),
                    slack_id=user,
                    answers=answers,
                    share_with_mentor=share,
                    now=ctx.clock.now(),
                )
                form = checkin_form(session, module_id=int(view["private_metadata"]), slack_id=user)
        except CohortError as exc:
            key, _, reason = str(exc).partition(": ")
            if reason and any(
                block["block_id"] == prompt_block_id(key)
                for block in view["blocks"]
                if "block_id" in block
            ):
                ack(response_action="errors", errors={prompt_block_id(key): reason})
            else:
                ack(response_action="update", view=notice_modal("Reflect", f"Sorry: {exc}."))
            return
        ack(response_action="update", view=thanks_modal(form, shared=share))
        publish_home(client, ctx, user)

    @app.command(
        COMMAND,
        matchers=[subcommand("pause", "pause 2w — no reminder or check-in DMs for a while")],
    )
    def pause_reminders(ack: Ack, command: dict[str, Any]) -> None:
        user = command["user_id"]
        now = ctx.clock.now()
        try:
            until = parse_pause(arguments(command), now)
        except CohortError as exc:
            ack(text=str(exc))
            return
        with session_scope(ctx.engine) as session:
            programmes = [programme for programme, _ in memberships_of(session, user)]
            pause(session, slack_id=user, until=until)
            plan_all(session, now=now)  # cancel (or restore) the DMs queued for them now
            zone = programmes[0].timezone if programmes else "UTC"
        if not programmes:
            ack(text="You are not in a programme, so there is nothing to pause.")
        elif until is None:
            ack(text="Welcome back: reminders and check-ins will reach you again.")
        else:
            day = format_day(local(until, zone))
            ack(
                text=f"Paused until {day}: no reminder or check-in DMs until then "
                "(the cohort channel still gets its reminders). `/cohort pause off` resumes."
            )
