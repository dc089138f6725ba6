"""Questions: DMs, @mentions, thread follow-ups and `/cohort ask`, and the hand-over.

Each question is answered in the asker's thread with its source and 👍/👎, and logged.
One the bot cannot answer is posted to the organisers' channel with an *Answer* button;
the organiser's reply (a modal) goes back to the asker's thread and, if they tick *Save
as FAQ*, into the programme's FAQ so the next person gets it directly. Meanwhile the
asker is offered the FAQ entries that came closest: if they say one answers them, the
organisers' copy says so and needs no reply. A mention in a DM
reaches us twice (`message` and `app_mention`): the message is claimed in the database,
so it is answered once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.answering import answer_question
from bot.answering.checks import is_thanks
from bot.answering.log import (
    get_question,
    learn_wording,
    log_question,
    mark_escalated,
    open_suggestion,
    opened_title,
    record_feedback,
    record_organiser_answer,
    save_as_faq,
    settle_suggestion,
    thread_source,
    unlearn_wording,
)
from bot.answering.types import Answer
from bot.blocks.mrkdwn import section
from bot.blocks.questions import (
    ANSWER_ACTION,
    ANSWER_BLOCK,
    ANSWER_CALLBACK,
    HELPFUL_ACTION,
    LEARN_ACTION,
    NOT_HELPFUL_ACTION,
    ONLY_ASKER_SUGGESTION,
    PASSED_ON,
    SUGGESTION_ANSWERED_ACTION,
    SUGGESTION_GONE,
    SUGGESTION_NOT_ANSWERED_ACTION,
    SUGGESTION_PATTERN,
    UNLEARN_ACTION,
    WELCOME,
    answer_message,
    answer_modal,
    escalation_done,
    escalation_message,
    escalation_resolved,
    handed_on_message,
    modal_answer,
    organiser_reply,
    suggestion_opened,
    suggestion_settled,
    with_feedback,
    without_buttons,
    wording_learned,
)
from bot.calendar import ics_filename, programme_ics
from bot.context import AppContext
from bot.conversation import is_from_a_person, programme_in_context, question_text
from bot.db import session_scope
from bot.errors import CohortError
from bot.events import claim, message_key
from bot.messages.registry import Attachment
from bot.models import Programme
from bot.programmes import is_organiser
from handlers.commands import COMMAND, arguments, subcommand

logger = logging.getLogger(__name__)

WHICH_PROGRAMME = (
    "I can't tell which programme you're asking about. Ask me in your cohort's channel, "
    "or ask your programme's organisers."
)
HELLO = "Hello! Ask me anything about your programme, e.g. “when is the next module?”"
ONLY_ASKER = "Only the person who asked can rate this answer."
ONLY_ORGANISERS = "Only the programme's organisers can answer questions passed on to them."


@dataclass(frozen=True)
class Handled:
    """What to post for one question, and where the question is logged."""

    text: str
    blocks: list[dict[str, Any]] | None
    log_id: int | None = None
    escalate_to: str | None = None  # the organisers' channel, when not answered
    answer: Answer | None = None
    attachment: Attachment | None = None  # the programme's .ics, when asked for it


def register(app: App, ctx: AppContext) -> None:
    """Answer DMs, mentions, thread follow-ups and `/cohort ask`; feedback; hand-overs."""

    @app.event("app_mention")
    def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if is_from_a_person(event, bot_user_id=context.bot_user_id):
            answer_in_thread(ctx, client, event)

    @app.event("message")
    def answer_message_event(
        event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        if not is_from_a_person(event, bot_user_id=context.bot_user_id):
            return
        if event.get("channel_type") == "im" or _follows_up(ctx, event, context.bot_user_id):
            answer_in_thread(ctx, client, event)

    @app.command(COMMAND, matchers=[subcommand("ask", "ask QUESTION — ask about the programme")])
    def answer_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        question = arguments(command)
        if not question:
            ack(text="Ask me something, e.g. `/cohort ask when is the next module?`")
            return
        ack()
        handled = handle_question(
            ctx, question=question, asker=command["user_id"], channel=command["channel_id"],
            thread_ts=None, log_channel=None,
        )  # fmt: skip
        respond(text=handled.text, blocks=handled.blocks, response_type="ephemeral")
        if handled.attachment is not None:  # an ephemeral reply cannot carry a file: DM it
            dm = client.conversations_open(users=command["user_id"])["channel"]["id"]
            upload(client, handled.attachment, channel=dm, thread_ts=None)
        escalate(ctx, client, handled, question=question, asker=command["user_id"], channel=None)

    @app.action(HELPFUL_ACTION)
    def mark_helpful(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        give_feedback(ctx, body, action, respond, helpful=True)

    @app.action(NOT_HELPFUL_ACTION)
    def mark_not_helpful(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        give_feedback(ctx, body, action, respond, helpful=False)

    @app.action(re.compile(SUGGESTION_PATTERN))
    def open_suggested_answer(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        show_suggestion(ctx, body, action, respond)

    @app.action(re.compile(f"^({SUGGESTION_ANSWERED_ACTION}|{SUGGESTION_NOT_ANSWERED_ACTION})$"))
    def suggestion_settled_by_asker(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
        client: WebClient,
    ) -> None:  # fmt: skip
        ack()
        answered = action["action_id"] == SUGGESTION_ANSWERED_ACTION
        settle(ctx, body, action, respond, client, answered=answered)

    @app.action(re.compile(f"^({LEARN_ACTION}|{UNLEARN_ACTION})$"))
    def add_or_undo_askers_wording(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        learn(ctx, body, action, client, add=action["action_id"] == LEARN_ACTION)

    @app.action(ANSWER_ACTION)
    def open_answer_modal(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        user = body["user"]["id"]
        with session_scope(ctx.engine) as session:
            row = get_question(session, log_id=int(action["value"]))
            allowed = _organiser_of(session, row.programme_id, user)
            question = row.text
        if not allowed:
            client.chat_postEphemeral(channel=body["channel"]["id"], user=user,
                                      text=ONLY_ORGANISERS)  # fmt: skip
            return
        view = answer_modal(log_id=int(action["value"]), question=question)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ANSWER_CALLBACK)
    def send_organiser_answer(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        organiser = body["user"]["id"]
        log_id, text, save, faq_question = modal_answer(view)
        if not text:
            ack(response_action="errors", errors={ANSWER_BLOCK: "Write an answer to send."})
            return
        with session_scope(ctx.engine) as session:
            row = get_question(session, log_id=log_id)
            if not _organiser_of(session, row.programme_id, organiser):
                ack(response_action="errors", errors={ANSWER_BLOCK: ONLY_ORGANISERS})
                return
            record_organiser_answer(
                session, log_id=log_id, organiser=organiser, text=text, at=ctx.clock.now()
            )
            saved = None
            if save:
                saved = save_as_faq(session, log_id=log_id, question=faq_question).slug
            target = (row.channel or row.asker, row.thread_ts if row.channel else None)
            posted = (row.escalation_channel, row.escalation_ts)
            question, asker = row.text, row.asker
        ack()
        reply_text, reply_blocks = organiser_reply(text=text, organiser=organiser,
                                                   saved=saved is not None)  # fmt: skip
        if target[0]:
            client.chat_postMessage(channel=target[0], thread_ts=target[1], text=reply_text,
                                    blocks=reply_blocks)  # fmt: skip
        if posted[0] and posted[1]:
            done_text, done_blocks = escalation_done(
                question=question, asker=asker or "someone", organiser=organiser, saved=saved
            )
            client.chat_update(channel=posted[0], ts=posted[1], text=done_text, blocks=done_blocks)


def answer_in_thread(ctx: AppContext, client: WebClient, event: dict[str, Any]) -> None:
    """Answer a message in its thread, unless this message was answered already."""
    channel, ts, asker = event["channel"], event["ts"], event["user"]
    thread = event.get("thread_ts") or ts
    question = question_text(event.get("text", ""))
    with session_scope(ctx.engine) as session:
        if not claim(session, key=message_key(channel, ts), now=ctx.clock.now()):
            return
    handled = handle_question(
        ctx, question=question, asker=asker, channel=channel,
        thread_ts=event.get("thread_ts"), log_channel=channel, log_thread=thread,
    )  # fmt: skip
    client.chat_postMessage(channel=channel, thread_ts=thread, text=handled.text,
                            blocks=handled.blocks)  # fmt: skip
    if handled.attachment is not None:
        upload(client, handled.attachment, channel=channel, thread_ts=thread)
    escalate(ctx, client, handled, question=question, asker=asker, channel=channel)


def handle_question(
    ctx: AppContext,
    *,
    question: str,
    asker: str,
    channel: str,
    thread_ts: str | None,
    log_channel: str | None,
    log_thread: str | None = None,
) -> Handled:
    """Answer and log one question (one transaction); say what to post."""
    if not question:
        return Handled(HELLO, None)
    if is_thanks(question):
        return Handled(WELCOME, None)
    with session_scope(ctx.engine) as session:
        programme = programme_in_context(session, slack_id=asker, channel=channel)
        if programme is None:
            return Handled(WHICH_PROGRAMME, None)
        previous = (
            thread_source(session, channel=channel, thread_ts=thread_ts) if thread_ts else None
        )
        now = ctx.clock.now()
        try:
            answer = answer_question(session, question=question, asker=asker, at=now,
                                     programme=programme, previous=previous)  # fmt: skip
        except CohortError:
            logger.exception("could not answer a question in %s", programme.slug)
            return Handled(WHICH_PROGRAMME, None)
        row = log_question(
            session, programme_id=programme.id, asker=asker, question=question, answer=answer,
            at=now, channel=log_channel, thread_ts=log_thread,
        )  # fmt: skip
        log_id, organisers = row.id, programme.organisers_channel
        attachment = programme_calendar(session, programme, now) if answer.calendar else None
    if answer.answered:
        text, blocks = answer_message(answer, log_id=log_id)
        return Handled(text, blocks, log_id, answer=answer, attachment=attachment)
    text, blocks = handed_on_message(answer, log_id=log_id, organisers=organisers is not None)
    return Handled(text, blocks, log_id, escalate_to=organisers, answer=answer)


def programme_calendar(session: Session, programme: Programme, now: datetime) -> Attachment:
    """The whole programme's .ics, as the file an answer about the calendar carries."""
    content = programme_ics(session, programme, stamp=now)
    return Attachment(ics_filename(programme.slug), content, f"{programme.name}: all modules")


def upload(
    client: WebClient, attachment: Attachment, *, channel: str, thread_ts: str | None
) -> None:
    """Upload a file (the programme's .ics) into the conversation, in the thread if given."""
    client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts,
        content=attachment.content,
        filename=attachment.filename,
        title=attachment.title,
    )


def escalate(
    ctx: AppContext,
    client: WebClient,
    handled: Handled,
    *,
    question: str,
    asker: str,
    channel: str | None,
) -> None:
    """Post an unanswered question to the organisers' channel and note where it went."""
    if handled.escalate_to is None or handled.log_id is None:
        return
    told = handled.answer.note if handled.answer else None
    offered = tuple(s.title for s in handled.answer.suggestions) if handled.answer else ()
    text, blocks = escalation_message(log_id=handled.log_id, question=question, asker=asker,
                                      channel=channel, told=told, suggested=offered)  # fmt: skip
    posted = client.chat_postMessage(channel=handled.escalate_to, text=text, blocks=blocks)
    with session_scope(ctx.engine) as session:
        mark_escalated(session, log_id=handled.log_id, channel=handled.escalate_to,
                       ts=posted.get("ts"))  # fmt: skip


def give_feedback(
    ctx: AppContext, body: dict[str, Any], action: dict[str, Any], respond: Respond,
    *, helpful: bool,
) -> None:  # fmt: skip
    """Record the asker's 👍/👎 and replace the buttons with a thank-you."""
    user = body["user"]["id"]
    with session_scope(ctx.engine) as session:
        recorded = record_feedback(session, log_id=int(action["value"]), slack_id=user,
                                   helpful=helpful)  # fmt: skip
    if recorded is None:
        respond(text=ONLY_ASKER, response_type="ephemeral", replace_original=False)
        return
    message = body.get("message") or {}
    blocks = with_feedback(message.get("blocks") or [], helpful=helpful)
    respond(text=message.get("text") or "Thanks", blocks=blocks, replace_original=True)


def show_suggestion(
    ctx: AppContext, body: dict[str, Any], action: dict[str, Any], respond: Respond
) -> None:
    """The asker opens an FAQ entry offered beside the hand-over: show it, ask "did it?"."""
    log_id, _, slug = action["value"].partition(":")
    try:
        with session_scope(ctx.engine) as session:
            entry = open_suggestion(session, log_id=int(log_id), slack_id=body["user"]["id"],
                                    slug=slug)  # fmt: skip
            if entry is not None:
                question, answer = entry.question, entry.answer
    except CohortError:
        respond(text=SUGGESTION_GONE, response_type="ephemeral", replace_original=False)
        return
    if entry is None:
        respond(text=ONLY_ASKER_SUGGESTION, response_type="ephemeral", replace_original=False)
        return
    blocks = suggestion_opened(_lead(body), log_id=int(log_id), question=question,
                               answer=answer)  # fmt: skip
    respond(text=answer, blocks=blocks, replace_original=True)


def settle(
    ctx: AppContext, body: dict[str, Any], action: dict[str, Any], respond: Respond,
    client: WebClient, *, answered: bool,
) -> None:  # fmt: skip
    """The asker says whether the suggestion answered them; if so, the organisers are told."""
    with session_scope(ctx.engine) as session:
        settled = settle_suggestion(session, log_id=int(action["value"]),
                                    slack_id=body["user"]["id"], answered=answered)  # fmt: skip
        if settled is not None:
            row, title = settled
            posted = (row.escalation_channel, row.escalation_ts)
            pending = row.organiser_answer is None
            question, asker = row.text, row.asker or "someone"
    if settled is None:
        respond(text=ONLY_ASKER_SUGGESTION, response_type="ephemeral", replace_original=False)
        return
    channel, ts = posted
    message = body.get("message") or {}
    note = suggestion_settled(answered=answered, escalated=bool(channel and ts))
    blocks = without_buttons(message.get("blocks") or _lead(body), note)
    respond(text=message.get("text") or note, blocks=blocks, replace_original=True)
    if answered and channel and ts and pending:
        text, done = escalation_resolved(log_id=int(action["value"]), question=question,
                                         asker=asker, title=title)  # fmt: skip
        client.chat_update(channel=channel, ts=ts, text=text, blocks=done)


def learn(
    ctx: AppContext, body: dict[str, Any], action: dict[str, Any], client: WebClient,
    *, add: bool,
) -> None:  # fmt: skip
    """An organiser adds the asker's words to the FAQ entry that answered them, or undoes it."""
    organiser, channel, log_id = body["user"]["id"], body["channel"]["id"], int(action["value"])
    with session_scope(ctx.engine) as session:
        row = get_question(session, log_id=log_id)
        allowed = _organiser_of(session, row.programme_id, organiser)
        if allowed and add:
            changed = learn_wording(session, log_id=log_id, organiser=organiser,
                                    at=ctx.clock.now()) is not None  # fmt: skip
        else:
            changed = allowed and unlearn_wording(session, log_id=log_id)
        question, asker, title = row.text, row.asker or "someone", opened_title(session, row)
    if not allowed:
        client.chat_postEphemeral(channel=channel, user=organiser, text=ONLY_ORGANISERS)
        return
    if not changed:
        return
    if add:
        text, blocks = wording_learned(log_id=log_id, question=question, asker=asker,
                                       title=title, organiser=organiser)  # fmt: skip
    else:
        text, blocks = escalation_resolved(log_id=log_id, question=question, asker=asker,
                                           title=title)  # fmt: skip
    client.chat_update(channel=channel, ts=body["message"]["ts"], text=text, blocks=blocks)


def _lead(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The hand-over's first block (what the bot said), or the plain hand-over line."""
    blocks = (body.get("message") or {}).get("blocks") or []
    return blocks[:1] or [section(PASSED_ON)]


def _follows_up(ctx: AppContext, event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A reply, without a mention, in a channel thread the bot has answered in."""
    thread = event.get("thread_ts")
    if not thread or thread == event.get("ts"):
        return False
    if bot_user_id and f"<@{bot_user_id}>" in (event.get("text") or ""):
        return False  # the app_mention listener answers it
    with session_scope(ctx.engine) as session:
        return thread_source(session, channel=event["channel"], thread_ts=thread) is not None


def _organiser_of(session: Any, programme_id: int | None, slack_id: str) -> bool:
    programme = session.get(Programme, programme_id) if programme_id is not None else None
    return programme is not None and is_organiser(session, programme=programme, slack_id=slack_id)
