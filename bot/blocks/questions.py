"""Questions as Slack messages: answers with their source and 👍/👎, hand-overs (with
FAQ entries that may help while the asker waits), the organisers' copy with an *Answer*
button, the organiser's modal, and their reply."""

from __future__ import annotations

import json
from typing import Any

from bot.answering.types import Answer
from bot.blocks.mrkdwn import Block, actions, button, context, escape, modal, section

HELPFUL_ACTION = "question_helpful"
NOT_HELPFUL_ACTION = "question_not_helpful"
ANSWER_ACTION = "question_answer"
ANSWER_CALLBACK = "question_answer_modal"
ANSWER_BLOCK, SAVE_BLOCK, FAQ_QUESTION_BLOCK = "answer", "save", "faq_question"
TEXT_INPUT, SAVE_INPUT = "text", "faq"
FEEDBACK_BLOCK = "question_feedback"
SUGGESTION_ASK_BLOCK = "question_suggestion_ask"
# one button per suggestion: question_suggestion_0, _1, …; the value is "LOG_ID:SLUG"
SUGGESTION_ACTION = "question_suggestion"
SUGGESTION_PATTERN = rf"^{SUGGESTION_ACTION}_\d+$"
SUGGESTION_ANSWERED_ACTION = "question_suggestion_answered"
SUGGESTION_NOT_ANSWERED_ACTION = "question_suggestion_not_answered"
LEARN_ACTION = "question_learn_wording"
UNLEARN_ACTION = "question_unlearn_wording"
BUTTON_TEXT = 75  # Slack's limit for a button's text

PASSED_ON = (
    "I don't know that one, so I've passed your question to the organisers. They'll reply here."
)
NOT_PASSED_ON = (
    "I don't know that one, and this programme has no organisers' channel for me to "
    "pass it to. Please ask the organisers directly."
)
WELCOME = "You're welcome!"
# after something the programme data does say ("There is no Module 9: …")
ALSO_PASSED_ON = "I've passed your question to the organisers too, in case they know more."
MAY_HELP = "While you wait, one of these answers from the programme FAQ may help:"
ONLY_ASKER_SUGGESTION = "Only the person who asked can open these. Ask me yourself to get yours."
SUGGESTION_GONE = "That FAQ entry has been removed from the programme since."


def source_line(answer: Answer) -> str | None:
    """Where an answer came from, as the asker sees it ("From the programme FAQ: …")."""
    if not answer.answered or not answer.sources:
        return None
    kind = answer.sources[0].kind
    title = escape(answer.title or "")
    if kind == "faq":
        schedule = any(s.kind == "module" for s in answer.sources[1:])
        return f"From the programme FAQ: {title}" + (" (and the schedule)" if schedule else "")
    if kind == "module":
        return f"From the programme schedule: {title}"
    if kind == "contact":
        return "From the programme contacts"
    if kind == "mentor":
        return "From your mentoring matches"
    return f"From the programme: {title}" if title else "From the programme"


def answer_message(answer: Answer, *, log_id: int | None = None) -> tuple[str, list[Block]]:
    """An answer: its text, where it came from, and 👍/👎 (when it is logged)."""
    blocks = [section(escape(answer.text))]
    line = source_line(answer)
    if line:
        blocks.append(context(line))
    if answer.answered and log_id is not None:
        blocks.append(
            actions(
                button("👍 Helpful", HELPFUL_ACTION, str(log_id)),
                button("👎 Not helpful", NOT_HELPFUL_ACTION, str(log_id)),
                block_id=FEEDBACK_BLOCK,
            )
        )
    return answer.text, blocks


def with_feedback(blocks: list[Block], *, helpful: bool) -> list[Block]:
    """The answer's blocks with the buttons replaced by a thank-you."""
    note = (
        "👍 Thanks, glad that helped."
        if helpful
        else "👎 Thanks for saying; the organisers will see this answer needs work."
    )
    return without_buttons(blocks, note)


def without_buttons(blocks: list[Block], note: str) -> list[Block]:
    """A message's blocks with its buttons replaced by a note saying what happened."""
    asking = (FEEDBACK_BLOCK, SUGGESTION_ASK_BLOCK)
    kept = [b for b in blocks if b.get("block_id") not in asking and b["type"] != "actions"]
    return [*kept, context(note)]


def handed_on_message(
    answer: Answer, *, log_id: int | None, organisers: bool
) -> tuple[str, list[Block]]:
    """The reply to a question the bot hands on, with FAQ entries that may help meanwhile.

    The question is already on its way to the organisers; the suggestions only let the
    asker help themselves sooner, and say so if one of them answers it.
    """
    if answer.note:  # what the programme data does say, then the hand-over
        lead = f"{answer.note} {ALSO_PASSED_ON if organisers else NOT_PASSED_ON}"
    else:
        lead = PASSED_ON if organisers else NOT_PASSED_ON
    blocks = [section(escape(lead))]
    if answer.suggestions and log_id is not None:
        blocks.append(context(MAY_HELP))
        blocks.append(
            actions(
                *(
                    button(_shorten(s.title), f"{SUGGESTION_ACTION}_{i}", f"{log_id}:{s.slug}")
                    for i, s in enumerate(answer.suggestions)
                )
            )
        )
    return lead, blocks


def _shorten(text: str, limit: int = BUTTON_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def suggestion_opened(lead: list[Block], *, log_id: int, question: str, answer: str) -> list[Block]:
    """The hand-over message once the asker opens a suggestion: the entry, and "did it?"."""
    return [
        *lead,
        section(f"*{escape(question)}*\n{escape(answer)}"),
        context("From the programme FAQ"),
        {**context("Does this answer your question?"), "block_id": SUGGESTION_ASK_BLOCK},
        actions(
            button("✅ Yes, that answers it", SUGGESTION_ANSWERED_ACTION, str(log_id)),
            button("No, it doesn't", SUGGESTION_NOT_ANSWERED_ACTION, str(log_id)),
        ),
    ]


def suggestion_settled(*, answered: bool, escalated: bool) -> str:
    """What the asker is told once they say whether the suggestion answered them."""
    if answered:
        told = " I've told the organisers they needn't reply." if escalated else ""
        return f"✅ Glad that helped.{told}"
    if escalated:
        return "The organisers still have your question and will reply here."
    return "Sorry about that. Please ask the organisers directly."


def escalation_message(
    *,
    log_id: int,
    question: str,
    asker: str,
    channel: str | None,
    told: str | None = None,
    suggested: tuple[str, ...] = (),
) -> tuple[str, list[Block]]:
    """The organisers' copy of a question the bot could not answer, with *Answer*: what
    the asker was told meanwhile (a note such as "There is no Module 9…", the FAQ entries
    offered), so the organisers reply knowing what they have already seen."""
    where = f" in <#{channel}>" if channel and channel.startswith(("C", "G")) else ""
    text = f"Question from <@{asker}>{where} that I couldn't answer: {question}"
    said = [f"I told them: {escape(told)}"] if told else []
    if suggested:
        offered = " · ".join(f"_{escape(title)}_" for title in suggested)
        said.append(f"Meanwhile I offered them these FAQ entries: {offered}")
    meanwhile = " ".join(said) or "No FAQ entry came close enough to offer them."
    blocks = [
        section(f"*Question from <@{asker}>{where}* that I couldn't answer:\n>{escape(question)}"),
        context(meanwhile),
        actions(button("Answer", ANSWER_ACTION, str(log_id), style="primary")),
    ]
    return text, blocks


def escalation_resolved(
    *, log_id: int, question: str, asker: str, title: str
) -> tuple[str, list[Block]]:
    """The organisers' copy once the asker says an FAQ entry answered them, with a button
    to add the asker's words to that entry."""
    note = f"<@{asker}> found the answer in the FAQ (_{escape(title)}_): no reply needed"
    text, blocks = _closed(question=question, asker=asker, note=note)
    learn = button("Add their wording to this FAQ entry", LEARN_ACTION, str(log_id))
    return text, [*blocks, actions(learn)]


def wording_learned(
    *, log_id: int, question: str, asker: str, title: str, organiser: str
) -> tuple[str, list[Block]]:
    """The organisers' copy once an organiser added the asker's words to the entry, with
    *Undo* (a wording that makes the bot answer what the entry does not really answer)."""
    note = (
        f"<@{asker}> found the answer in the FAQ (_{escape(title)}_); <@{organiser}> added "
        "their wording to it, so the next person who asks this way is answered directly"
    )
    text, blocks = _closed(question=question, asker=asker, note=note)
    return text, [*blocks, actions(button("Undo", UNLEARN_ACTION, str(log_id)))]


def _closed(*, question: str, asker: str, note: str) -> tuple[str, list[Block]]:
    """The organisers' copy of a question, its *Answer* button replaced by what happened."""
    text = f"Question from <@{asker}>: {question} ({note})"
    blocks = [section(f"*Question from <@{asker}>:*\n>{escape(question)}"), context(f"✅ {note}")]
    return text, blocks


def escalation_done(
    *, question: str, asker: str, organiser: str, saved: str | None
) -> tuple[str, list[Block]]:
    """The organisers' copy once someone has answered it."""
    note = f"Answered by <@{organiser}>" + (f"; saved to the FAQ as `{saved}`" if saved else "")
    return _closed(question=question, asker=asker, note=note)


def organiser_reply(*, text: str, organiser: str, saved: bool) -> tuple[str, list[Block]]:
    """The organiser's answer, as posted in the asker's thread."""
    blocks = [section(f"*Answer from <@{organiser}>:*\n{escape(text)}")]
    if saved:
        blocks.append(context("Saved to the programme FAQ, so the next person gets it directly."))
    return f"Answer from the organisers: {text}", blocks


def answer_modal(*, log_id: int, question: str) -> dict[str, Any]:
    """The organiser's modal: the answer, and whether to save it as an FAQ entry."""
    return modal(
        "Answer a question",
        callback_id=ANSWER_CALLBACK,
        metadata=json.dumps({"log_id": log_id}),
        submit="Send answer",
        blocks=[
            section(f"*Question:*\n>{escape(question)}"),
            {
                "type": "input",
                "block_id": ANSWER_BLOCK,
                "label": {"type": "plain_text", "text": "Your answer"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": TEXT_INPUT,
                    "multiline": True,
                    "max_length": 2900,
                },
            },
            {
                "type": "input",
                "block_id": SAVE_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "FAQ"},
                "element": {
                    "type": "checkboxes",
                    "action_id": SAVE_INPUT,
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": "Save as FAQ"},
                            "description": {
                                "type": "plain_text",
                                "text": "The next person who asks gets this answer directly.",
                            },
                            "value": "save",
                        }
                    ],
                },
            },
            {
                "type": "input",
                "block_id": FAQ_QUESTION_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "FAQ question (if saved)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": TEXT_INPUT,
                    "initial_value": question[:150],
                    "max_length": 300,
                },
            },
        ],
    )


def modal_answer(view: dict[str, Any]) -> tuple[int, str, bool, str | None]:
    """From a submitted modal: the log id, the answer, save as FAQ?, the FAQ question."""
    values = view["state"]["values"]
    answer = (values.get(ANSWER_BLOCK, {}).get(TEXT_INPUT, {}).get("value") or "").strip()
    chosen = values.get(SAVE_BLOCK, {}).get(SAVE_INPUT, {}).get("selected_options") or []
    question = values.get(FAQ_QUESTION_BLOCK, {}).get(TEXT_INPUT, {}).get("value")
    log_id = int(json.loads(view["private_metadata"])["log_id"])
    return log_id, answer, any(o.get("value") == "save" for o in chosen), question
