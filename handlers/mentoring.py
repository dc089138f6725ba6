"""Pairs in Slack: logging meetings, *Not yet*, asking for a change, profiles, ending a pair.

Either side of a pair may log its meetings (from the introduction, a prompt or App Home);
nobody else can. `/cohort mentor change` is private: only the organisers' channel hears
of it, and only an organiser may end the pair from there. Profiles belong to their owner.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.mentoring import (
    LOG_MEETING_ACTION,
    LOG_MEETING_CALLBACK,
    NOT_YET_ACTION,
    log_meeting_modal,
    meeting_logged_text,
)
from bot.blocks.mentoring_admin import (
    END_PAIR_ACTION,
    PROFILE_ACTION,
    PROFILE_CALLBACK,
    change_request_message,
    pair_ended_text,
    profile_modal,
)
from bot.blocks.mrkdwn import section
from bot.context import AppContext
from bot.conversation import programme_in_context
from bot.db import session_scope
from bot.errors import CohortError
from bot.matching.access import programme_by_slug, programme_of_match, require_organiser
from bot.matching.pairs import (
    MeetingInputError,
    end_match,
    log_meeting,
    pair_for,
    pairs_to_change,
)
from bot.matching.profiles import ProfileInputError, ProfileUpdate, membership_for, update_profile
from bot.models import Programme
from bot.programmes import memberships_of
from bot.timefmt import local
from handlers.commands import COMMAND, arguments, subcommand
from handlers.home import publish_home
from handlers.matching import tell

MENTOR_HELP = (
    "`/cohort mentor change [why]` asks the organisers, privately, for a different pair; "
    "`/cohort mentor profile` edits your mentoring profile."
)


def register(app: App, ctx: AppContext) -> None:
    """Meeting logs, *Not yet*, `/cohort mentor …`, ending pairs and profiles."""

    @app.action(LOG_MEETING_ACTION)
    def open_log_meeting(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                         client: WebClient) -> None:  # fmt: skip
        ack()
        user = body["user"]["id"]
        try:
            with session_scope(ctx.engine) as session:
                pairing = pair_for(session, match_id=int(action["value"]), slack_id=user)
                tz = session.get_one(Programme, pairing.match.programme_id).timezone
        except CohortError as exc:
            tell(client, user, str(exc))
            return
        other = pairing.mentee if pairing.mentor.slack_id == user else pairing.mentor
        today = local(ctx.clock.now(), tz).date()
        view = log_meeting_modal(match_id=int(action["value"]), other_name=other.name, today=today)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(LOG_MEETING_CALLBACK)
    def save_meeting(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                     client: WebClient) -> None:  # fmt: skip
        user = body["user"]["id"]
        values = view["state"]["values"]
        met_on, next_on = _date(values, "met_on"), _date(values, "next_on")
        try:
            if met_on is None:
                raise MeetingInputError("met_on", "pick the day you met")
            with session_scope(ctx.engine) as session:
                log_meeting(
                    session, match_id=int(json.loads(view["private_metadata"])["match_id"]),
                    slack_id=user, met_on=met_on, topics=_text(values, "topics"),
                    next_on=next_on, now=ctx.clock.now(),
                )  # fmt: skip
        except MeetingInputError as exc:
            ack(response_action="errors", errors={exc.field: exc.message})
            return
        except CohortError as exc:
            ack(response_action="errors", errors={"met_on": str(exc)})
            return
        ack(
            response_action="update",
            view=_done_view(meeting_logged_text(met_on=met_on, next_on=next_on)),
        )
        publish_home(client, ctx, user)

    @app.action(NOT_YET_ACTION)
    def not_met_yet(ack: Ack, respond: Respond) -> None:
        ack()
        respond(
            text="No problem. I will ask again next time; log the meeting whenever it happens.",
            replace_original=False, response_type="ephemeral",
        )  # fmt: skip

    @app.command(
        COMMAND,
        matchers=[
            subcommand("mentor", "mentor change — ask privately for a different mentoring pair")
        ],
    )
    def mentor_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        user, words = command["user_id"], arguments(command).split(maxsplit=1)
        what = words[0].lower() if words else ""
        if what == "profile":
            ack()
            _open_profile(ctx, client, user, command["trigger_id"], None, command.get("channel_id"))
        elif what == "change":
            reason = words[1] if len(words) > 1 else ""
            reply, post = _change_request(ctx, user, command.get("channel_id"), reason)
            ack(text=reply)
            if post is not None:
                client.chat_postMessage(**post)
        else:
            ack(text=MENTOR_HELP)

    @app.action(END_PAIR_ACTION)
    def end_pair(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:  # fmt: skip
        ack()
        user, match_id = body["user"]["id"], int(action["value"])
        try:
            with session_scope(ctx.engine) as session:
                programme = programme_of_match(session, match_id)
                require_organiser(session, programme=programme, slack_id=user)
                pairing = end_match(session, programme=programme, match_id=match_id,
                                    now=ctx.clock.now())  # fmt: skip
        except CohortError as exc:
            respond(text=str(exc), response_type="ephemeral", replace_original=False)
            return
        blocks = [
            section(pair_ended_text(pairing, by=user)) if b.get("block_id") == f"change_{match_id}"
            else b
            for b in body["message"]["blocks"]
        ]  # fmt: skip
        container = body["container"]
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                           text=body["message"].get("text", ""), blocks=blocks)  # fmt: skip

    @app.action(PROFILE_ACTION)
    def open_profile(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                     client: WebClient) -> None:  # fmt: skip
        ack()
        _open_profile(ctx, client, body["user"]["id"], body["trigger_id"], action["value"], None)

    @app.view(PROFILE_CALLBACK)
    def save_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                     client: WebClient) -> None:  # fmt: skip
        user, values = body["user"]["id"], view["state"]["values"]
        share = values.get("share", {}).get("value", {}).get("selected_options")
        update = ProfileUpdate(
            tags={f: _text(values, f) or "" for f in
                  ("goals", "development_areas", "challenges", "expertise") if f in values},
            notes=_text(values, "notes"),
            capacity=_text(values, "capacity"),
            share_profile_with_mentor=bool(share) if "share" in values else None,
            avoid=values.get("avoid", {}).get("value", {}).get("selected_users"),
        )  # fmt: skip
        try:
            with session_scope(ctx.engine) as session:
                programme = programme_by_slug(
                    session, json.loads(view["private_metadata"])["programme"]
                )
                update_profile(session, programme=programme, slack_id=user, update=update)
        except ProfileInputError as exc:
            ack(response_action="errors", errors={exc.field: exc.message})
            return
        ack()
        publish_home(client, ctx, user)


def _open_profile(ctx: AppContext, client: WebClient, user: str, trigger_id: str,
                  slug: str | None, channel: str | None) -> None:  # fmt: skip
    """Open the person's own profile modal (the programme from the button, or their one)."""
    try:
        with session_scope(ctx.engine) as session:
            found = (
                programme_by_slug(session, slug)
                if slug
                else programme_in_context(session, slack_id=user, channel=channel or "")
            )
            if found is None:
                raise CohortError("Which programme? Use the button on your App Home.")
            programme = found
            membership = membership_for(session, programme=programme, slack_id=user)
            view = profile_modal(programme, membership)
    except CohortError as exc:
        tell(client, user, str(exc))
        return
    client.views_open(trigger_id=trigger_id, view=view)


def _change_request(
    ctx: AppContext, user: str, channel: str | None, reason: str
) -> tuple[str, dict[str, Any] | None]:
    """What to answer `user`, and the message for the organisers (only them), if any."""
    with session_scope(ctx.engine) as session:
        programmes = [p for p, m in memberships_of(session, user) if m.role != "organiser"]
        programme = programme_in_context(session, slack_id=user, channel=channel or "")
        if programme is None and len(programmes) == 1:
            programme = programmes[0]
        if programme is None:
            return "Which programme? Ask in your cohort's channel, or ask your organisers.", None
        try:
            pairings = pairs_to_change(session, programme=programme, slack_id=user)
        except CohortError as exc:
            return str(exc), None
        if not programme.organisers_channel:
            return "Please contact your programme's organisers directly about a change.", None
        text, blocks = change_request_message(
            programme, requester=user, pairings=pairings, reason=reason
        )
        post = {"channel": programme.organisers_channel, "text": text, "blocks": blocks}
    reply = (
        "Thank you. I have told the organisers, and only them; nobody else has been told. "
        "They will be in touch."
    )
    return reply, post


def _text(values: dict[str, Any], block: str) -> str | None:
    return values.get(block, {}).get("value", {}).get("value")


def _date(values: dict[str, Any], block: str) -> date | None:
    raw = values.get(block, {}).get("value", {}).get("selected_date")
    return date.fromisoformat(raw) if raw else None


def _done_view(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Meeting logged"},
        "close": {"type": "plain_text", "text": "Done"},
        "blocks": [section(text)],
    }
