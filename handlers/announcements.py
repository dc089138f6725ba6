"""Announcements in Slack: `/cohort announce TEXT` → preview → Send now / Schedule… / Cancel.

Organisers only, checked on every step (the command, each button, the modal and App
Home's *Cancel*) against the person Slack says is acting. Nothing is queued until the
organiser chooses; then the outbox delivers it like every other scheduled message.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.announcements import (
    cancel_by_organiser,
    create_draft,
    discard_draft,
    organiser_draft,
    parse_announce_command,
    parse_local_time,
    schedule_draft,
)
from bot.blocks.announcements import (
    CANCEL_ACTION,
    DATE_BLOCK,
    DISCARD_ACTION,
    SCHEDULE_ACTION,
    SCHEDULE_CALLBACK,
    SEND_ACTION,
    announcement_preview,
    audience,
    outcome_message,
    read_schedule,
    schedule_modal,
)
from bot.blocks.checkins import notice_modal
from bot.context import AppContext
from bot.db import session_scope
from bot.errors import CohortError
from bot.models import Announcement, Programme
from bot.programmes import participant_count
from bot.timefmt import format_day, format_time, local
from handlers.commands import COMMAND, arguments, subcommand
from handlers.home import publish_home


def _participants(session: Session, programme: Programme) -> int:
    return participant_count(session, programme=programme)


def _when(announcement: Announcement, programme: Programme) -> str:
    when = local(announcement.due_at, programme.timezone)
    return f"{format_day(when)} at {format_time(when)}"


def register(app: App, ctx: AppContext) -> None:
    """The command, the preview's buttons, the schedule modal, App Home's *Cancel*."""

    @app.command(COMMAND, matchers=[subcommand("announce", "announce TEXT — preview, then send")])
    def preview_announcement(ack: Ack, command: dict[str, Any]) -> None:
        try:
            with session_scope(ctx.engine) as session:
                programme, text, dm = parse_announce_command(
                    session, slack_id=command["user_id"], text=arguments(command)
                )
                draft = create_draft(
                    session,
                    programme=programme,
                    text=text,
                    dm=dm,
                    by=command["user_id"],
                    now=ctx.clock.now(),
                )
                fallback, blocks = announcement_preview(
                    programme, draft, participants=_participants(session, programme)
                )
        except CohortError as exc:
            ack(text=str(exc))
            return
        ack(text=fallback, blocks=blocks, response_type="ephemeral")

    @app.action(SEND_ACTION)
    def send_announcement(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        now = ctx.clock.now()
        try:
            with session_scope(ctx.engine) as session:
                announcement, programme = schedule_draft(
                    session,
                    announcement_id=int(body["actions"][0]["value"]),
                    by=body["user"]["id"],
                    due_at=now,
                    now=now,
                )
                to = audience(programme, announcement.dm, _participants(session, programme))
            text = f"📣 Sending now to {to}."
        except CohortError as exc:
            text = f"Not sent: {exc}."
        fallback, blocks = outcome_message(text)
        respond(text=fallback, blocks=blocks, replace_original=True)

    @app.action(SCHEDULE_ACTION)
    def choose_time(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        try:
            with session_scope(ctx.engine) as session:
                announcement, programme = organiser_draft(
                    session, int(body["actions"][0]["value"]), body["user"]["id"]
                )
                if announcement.status != "draft":
                    raise CohortError(f"this announcement was already {announcement.status}")
                view = schedule_modal(programme, announcement, ctx.clock.now())
        except CohortError as exc:
            view = notice_modal("Announcement", f"Sorry: {exc}.")
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(SCHEDULE_CALLBACK)
    def schedule_announcement(ack: Ack, body: dict[str, Any]) -> None:
        view = body["view"]
        now = ctx.clock.now()
        try:
            announcement_id = int(view["private_metadata"])
            with session_scope(ctx.engine) as session:
                announcement, programme = organiser_draft(
                    session, announcement_id, body["user"]["id"]
                )
                due = parse_local_time(
                    read_schedule(view["state"]["values"]), programme.timezone, what="time"
                )
                if due <= now:
                    raise CohortError("time: choose a time in the future")
                announcement, programme = schedule_draft(
                    session,
                    announcement_id=announcement_id,
                    by=body["user"]["id"],
                    due_at=due,
                    now=now,
                )
                when = _when(announcement, programme)
        except CohortError as exc:
            ack(response_action="errors", errors={DATE_BLOCK: str(exc).removeprefix("time: ")})
            return
        ack(
            response_action="update",
            view=notice_modal(
                "Scheduled",
                f"Your announcement will go out on {when}. "
                "Organisers can cancel it from the Home tab until then.",
            ),
        )

    @app.action(DISCARD_ACTION)
    def discard_announcement(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        try:
            with session_scope(ctx.engine) as session:
                discard_draft(
                    session, announcement_id=int(body["actions"][0]["value"]), by=body["user"]["id"]
                )
            text = "Cancelled: nothing was sent."
        except CohortError as exc:
            text = f"Sorry: {exc}."
        fallback, blocks = outcome_message(text)
        respond(text=fallback, blocks=blocks, replace_original=True)

    @app.action(re.compile(rf"^{CANCEL_ACTION}(:\d+)?$"))  # one per announcement on Home
    def cancel_announcement(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        try:
            with session_scope(ctx.engine) as session:
                cancel_by_organiser(
                    session, announcement_id=int(body["actions"][0]["value"]), by=user
                )
        except CohortError as exc:
            client.views_open(
                trigger_id=body["trigger_id"], view=notice_modal("Announcement", f"Sorry: {exc}.")
            )
            return
        publish_home(client, ctx, user)
