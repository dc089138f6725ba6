"""Organisers match mentors in Slack: propose, swap or remove pairs, approve all, nudge.

`/cohort match` (or *Propose matches* on App Home) stores a proposal and posts it to the
organisers' channel; each pair's menu swaps its mentor or removes it; *Approve all*
records the pairs and queues the introductions. Every listener checks that the person
clicking organises the programme before doing anything.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.mentoring_admin import (
    APPROVE_ALL_ACTION,
    NUDGE_PROFILES_ACTION,
    PAIR_MENU_ACTION,
    PROPOSE_ACTION,
    SWAP_CALLBACK,
    approved_message,
    profile_nudge_message,
    proposal_message,
    swap_modal,
)
from bot.context import AppContext
from bot.db import session_scope
from bot.errors import CohortError
from bot.matching.access import (
    organised_by_slug,
    organised_programme,
    programme_of_match,
    require_organiser,
)
from bot.matching.profiles import missing_profiles
from bot.matching.proposals import (
    apply_swap,
    approve_proposal,
    proposal_view,
    remove_proposed,
    store_proposal,
    swap_options,
)
from bot.models import MentorMatch, Person, Programme
from handlers.commands import COMMAND, arguments, subcommand
from handlers.home import publish_home

logger = logging.getLogger(__name__)
NO_ORGANISERS_CHANNEL = (
    "{name} has no organisers' channel (`programme.organisers_channel` in the programme "
    "file), so there is nowhere private to post the proposal. `cohort match` works meanwhile."
)


def register(app: App, ctx: AppContext) -> None:
    """`/cohort match`, the proposal's menus and buttons, and the Home buttons for organisers."""

    @app.command(
        COMMAND, matchers=[subcommand("match", "match — propose mentor matches (organisers)")]
    )
    def propose_from_command(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        user = command["user_id"]
        try:
            with session_scope(ctx.engine) as session:
                programme = organised_programme(
                    session, slack_id=user, channel=command.get("channel_id"),
                    slug=arguments(command).strip() or None,
                )  # fmt: skip
                channel = _organisers_channel(programme)
        except CohortError as exc:
            ack(text=str(exc))
            return
        ack(text=f"Working out the best matches; the proposal will appear in <#{channel}>.")
        try:
            with session_scope(ctx.engine) as session:
                proposal = _store_proposal(ctx, session, session.get_one(Programme, programme.id))
        except CohortError as exc:
            respond(text=str(exc), response_type="ephemeral")
            return
        client.chat_postMessage(**proposal)

    @app.action(PROPOSE_ACTION)
    def propose_from_home(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                          client: WebClient) -> None:  # fmt: skip
        ack()
        user = body["user"]["id"]
        try:
            with session_scope(ctx.engine) as session:
                programme = organised_by_slug(session, slug=action["value"], slack_id=user)
                proposal = _store_proposal(ctx, session, programme)
            client.chat_postMessage(**proposal)
            tell(client, user, f"I have posted the proposal in <#{proposal['channel']}>.")
        except CohortError as exc:
            tell(client, user, str(exc))

    @app.action(PAIR_MENU_ACTION)
    def change_proposed_pair(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                             client: WebClient, respond: Respond) -> None:  # fmt: skip
        ack()
        user = body["user"]["id"]
        how, _, ref = action["selected_option"]["value"].partition(":")
        message = {
            "channel": body["container"]["channel_id"],
            "ts": body["container"]["message_ts"],
        }
        try:
            with session_scope(ctx.engine) as session:
                programme = programme_of_match(session, int(ref))
                require_organiser(session, programme=programme, slack_id=user)
                if how == "remove":
                    remove_proposed(session, programme=programme, match_id=int(ref))
                    _update_proposal(session, client, programme, message)
                    return
                view = _swap_view(session, programme, int(ref), message)
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except CohortError as exc:
            respond(text=str(exc), response_type="ephemeral", replace_original=False)

    @app.view(SWAP_CALLBACK)
    def swap_mentor(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                    client: WebClient) -> None:  # fmt: skip
        user = body["user"]["id"]
        meta = json.loads(view["private_metadata"])
        choice = view["state"]["values"]["mentor"]["value"]["selected_option"]["value"]
        try:
            with session_scope(ctx.engine) as session:
                programme = programme_of_match(session, int(meta["match_id"]))
                require_organiser(session, programme=programme, slack_id=user)
                apply_swap(session, programme=programme, match_id=int(meta["match_id"]),
                           choice=choice)  # fmt: skip
                _update_proposal(session, client, programme, meta)
        except CohortError as exc:
            ack(response_action="errors", errors={"mentor": str(exc)})
            return
        ack()

    @app.action(APPROVE_ALL_ACTION)
    def approve_all(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                    client: WebClient, respond: Respond) -> None:  # fmt: skip
        ack()
        user = body["user"]["id"]
        try:
            with session_scope(ctx.engine) as session:
                programme = organised_by_slug(session, slug=action["value"], slack_id=user)
                created = approve_proposal(session, programme=programme, approved_by=user,
                                           now=ctx.clock.now())  # fmt: skip
                text, blocks = approved_message(programme, pairs=len(created), by=user)
        except CohortError as exc:
            respond(text=str(exc), response_type="ephemeral", replace_original=False)
            return
        container = body["container"]
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                           text=text, blocks=blocks)  # fmt: skip

    @app.action(NUDGE_PROFILES_ACTION)
    def nudge_missing_profiles(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                               client: WebClient) -> None:  # fmt: skip
        ack()
        user = body["user"]["id"]
        try:
            with session_scope(ctx.engine) as session:
                programme = organised_by_slug(session, slug=action["value"], slack_id=user)
                people = [p.slack_id for p in missing_profiles(session, programme=programme)]
                text, blocks = profile_nudge_message(programme)
        except CohortError as exc:
            tell(client, user, str(exc))
            return
        for person in people:
            client.chat_postMessage(channel=person, text=text, blocks=blocks)
        tell(client, user, f"I have asked {len(people)} people to fill in their profile.")
        publish_home(client, ctx, user)


def _organisers_channel(programme: Programme) -> str:
    """Where proposals go; CohortError when the programme has none."""
    if not programme.organisers_channel:
        raise CohortError(NO_ORGANISERS_CHANNEL.format(name=programme.name))
    return programme.organisers_channel


def _store_proposal(ctx: AppContext, session: Session, programme: Programme) -> dict[str, Any]:
    """Store a fresh proposal; returns the organisers' channel message to post once the
    transaction is committed (posted earlier, a quick click on it would find nothing)."""
    channel = _organisers_channel(programme)
    view = store_proposal(session, programme=programme, now=ctx.clock.now())
    text, blocks = proposal_message(view)
    return {"channel": channel, "text": text, "blocks": blocks}


def _update_proposal(
    session: Session, client: WebClient, programme: Programme, message: dict[str, str]
) -> None:
    """Redraw the proposal message from the stored proposal."""
    text, blocks = proposal_message(proposal_view(session, programme=programme))
    client.chat_update(channel=message["channel"], ts=message["ts"], text=text, blocks=blocks)


def _swap_view(
    session: Session, programme: Programme, match_id: int, message: dict[str, str]
) -> dict[str, Any]:
    options = swap_options(session, programme=programme, match_id=match_id)
    row = session.get_one(MentorMatch, match_id)
    mentee, mentor = session.get_one(Person, row.mentee_id), session.get_one(Person, row.mentor_id)
    return swap_modal(match_id=match_id, mentee=mentee.name, mentor=mentor.name,
                      options=options, message=message)  # fmt: skip


def tell(client: WebClient, user: str, text: str) -> None:
    """A short note by DM (App Home clicks have no thread to answer in)."""
    client.chat_postMessage(channel=user, text=text)
