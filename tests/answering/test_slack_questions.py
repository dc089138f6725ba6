"""Questions over real HTTP against the emulator: answers, feedback, follow-ups, hand-over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot import slack_requests as sr
from bot.answering import clear_cache
from bot.answering.types import Suggestion, not_answered
from bot.blocks.questions import (
    MAY_HELP,
    ONLY_ASKER_SUGGESTION,
    PASSED_ON,
    SUGGESTION_GONE,
    handed_on_message,
)
from bot.clock import ManualClock
from bot.db import session_scope
from bot.models import FaqEntry, FaqPhrasing, Module, QuestionLog
from bot.sandbox.live import LiveApp, find_buttons

PARTICIPANT, OTHER, ORGANISER = "U0EXPART01", "U0EXPART02", "U0EXORG001"
COHORT, ORGANISERS = "C0EXCOHORT1", "C0EXORGS01"


@pytest.fixture
def slack(running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock) -> LiveApp:
    clear_cache()
    return running_app(programme_db, clock)


def logged(engine: Engine) -> list[QuestionLog]:
    with session_scope(engine) as session:
        rows = session.exec(select(QuestionLog).order_by(QuestionLog.id)).all()  # type: ignore[arg-type]
        session.expunge_all()
        return list(rows)


def button(message: dict, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in find_buttons(message.get("blocks")) if label in b.label)


def test_answer_names_its_source_and_takes_the_askers_feedback(
    slack: LiveApp, programme_db: Engine
) -> None:
    """The answer says where it came from; only the asker's 👍 is recorded and shown."""
    asked = slack.dm(PARTICIPANT, "Can I claim expenses for my train fare?")
    reply = slack.reply_to(asked)
    texts = str(reply["blocks"])
    assert "From the programme FAQ: Can I claim expenses for travel to the modules?" in texts
    reply["channel"] = asked["channel"]
    assert slack.click(OTHER, button(reply, "Helpful"), message=reply).status == 200
    slack.settle()
    assert logged(programme_db)[0].feedback is None
    assert slack.click(PARTICIPANT, button(reply, "Not helpful"), message=reply).status == 200
    slack.settle()
    [row] = logged(programme_db)
    assert (row.feedback, row.source_kind, row.source_ref) == (-1, "faq", "expenses")
    updated = slack.emulator.thread(asked["channel"], asked["ts"])[-1]
    assert find_buttons(updated["blocks"]) == []
    assert "Thanks for saying" in str(updated["blocks"])


def test_follow_up_in_the_thread_keeps_the_module(slack: LiveApp) -> None:
    """ "And where is it?" in the thread of an answer about Module 3 is about Module 3."""
    asked = slack.dm(PARTICIPANT, "when is module 3?")
    slack.reply_to(asked)
    follow = slack.dm(PARTICIPANT, "and where is it?", thread_ts=asked["ts"])
    slack.emulator.wait_for(lambda _: len(slack.bot_replies(asked)) == 2, what="second reply")
    second = slack.bot_replies(follow)[-1]
    assert second["thread_ts"] == asked["ts"]
    assert "Coventry Council House" in second["text"]


def test_channel_thread_follow_up_without_a_mention(slack: LiveApp) -> None:
    """In a channel, a reply in a thread the bot answered is answered; others are left."""
    asked = slack.mention(PARTICIPANT, COHORT, "when is module 4?")
    slack.reply_to(asked)
    follow = slack.emulator.post_as_user(PARTICIPANT, COHORT, "what should I bring?",
                                         thread_ts=asked["ts"])  # fmt: skip
    event = sr.message_event(
        user=PARTICIPANT,
        channel=COHORT,
        text=follow["text"],
        ts=follow["ts"],
        thread_ts=asked["ts"],
        channel_type="channel",
    )
    slack.send_event(sr.event_callback(event))
    slack.emulator.wait_for(lambda _: len(slack.bot_replies(asked)) == 2, what="second reply")
    assert "workforce race equality data" in slack.bot_replies(asked)[-1]["text"]
    chatter = slack.emulator.post_as_user(OTHER, COHORT, "see you all there")
    slack.send_event(sr.event_callback(sr.message_event(
        user=OTHER, channel=COHORT, text=chatter["text"], ts=chatter["ts"], channel_type="channel"
    )))  # fmt: skip
    slack.settle()
    assert slack.bot_replies(chatter) == []


def test_unanswered_question_goes_to_organisers_and_comes_back_as_faq(
    slack: LiveApp, programme_db: Engine
) -> None:
    """Passed on, answered by an organiser in a modal, posted back, saved, then reused."""
    asked = slack.dm(PARTICIPANT, "Is there a prayer room at The Exchange?")
    assert slack.reply_to(asked)["text"] == PASSED_ON
    posted = slack.emulator.wait_for(lambda e: e.messages(ORGANISERS), what="hand-over")[0]
    assert "prayer room" in posted["text"]
    assert "confidence" not in str(posted["blocks"])  # a number the organisers can't use
    answer_button = button(posted, "Answer")
    posted["channel"] = ORGANISERS

    slack.click(PARTICIPANT, answer_button, message=posted)
    slack.settle()
    assert slack.emulator.open_modals(PARTICIPANT) == []

    slack.click(ORGANISER, answer_button, message=posted)
    modal = slack.emulator.wait_for(lambda e: e.open_modals(ORGANISER), what="modal")[-1]
    empty = slack.submit(ORGANISER, modal, {"answer": {"text": {"type": "plain_text_input",
                                                                "value": " "}}})  # fmt: skip
    assert empty.json()["response_action"] == "errors"
    reply = slack.submit(ORGANISER, modal, {
        "answer": {"text": {"type": "plain_text_input",
                            "value": "Yes, on the first floor next to the lifts."}},
        "save": {"faq": {"type": "checkboxes", "selected_options": [{"value": "save"}]}},
        "faq_question": {"text": {"type": "plain_text_input",
                                  "value": "Is there a prayer room at The Exchange?"}},
    })  # fmt: skip
    assert reply.status == 200
    slack.emulator.wait_for(lambda _: len(slack.bot_replies(asked)) == 2, what="organiser reply")
    back = slack.bot_replies(asked)[-1]
    assert "first floor next to the lifts" in back["text"]
    assert back["thread_ts"] == asked["ts"]
    slack.settle()
    assert "Answered by" in str(slack.emulator.messages(ORGANISERS)[0]["blocks"])
    with session_scope(programme_db) as session:
        entry = session.exec(select(FaqEntry).where(FaqEntry.origin == "organiser")).one()
        assert entry.question == "Is there a prayer room at The Exchange?"

    again = slack.dm(OTHER, "is there a prayer room at the exchange?")
    assert "first floor next to the lifts" in slack.reply_to(again)["text"]
    rows = logged(programme_db)
    assert (rows[0].escalated, rows[0].organiser_answer is not None) == (True, True)
    assert (rows[-1].answered, rows[-1].source_kind) == (True, "faq")


def test_slash_command_and_thanks(slack: LiveApp, programme_db: Engine) -> None:
    """`/cohort ask` answers privately; a thank-you is welcomed and not logged."""
    reply = slack.command(PARTICIPANT, "ask where is mod 2")
    assert reply.status == 200
    slack.settle()
    [ephemeral] = slack.emulator.ephemerals(slack.emulator.im_channel(PARTICIPANT), PARTICIPANT)
    assert "Hartsfield Manor" in ephemeral["text"]
    thanks = slack.dm(PARTICIPANT, "thanks!")
    assert slack.reply_to(thanks)["text"] == "You're welcome!"
    assert [r.text for r in logged(programme_db)] == ["where is mod 2"]


def test_calendar_request_gets_the_programme_ics_in_the_thread(
    slack: LiveApp, programme_db: Engine
) -> None:
    """A DM asking for the calendar is answered in its thread with the whole programme's .ics."""
    asked = slack.dm(PARTICIPANT, "can I get all the dates in my calendar?")
    reply = slack.reply_to(asked)
    assert "calendar file (.ics), attached" in reply["text"]
    shared = slack.emulator.wait_for(
        lambda e: [f for m in e.thread(asked["channel"], asked["ts"]) for f in m.get("files", [])],
        what="uploaded .ics",
    )
    [uploaded] = shared
    assert uploaded["name"] == "rise-west-midlands-3.ics"
    ics = next(f["content"] for f in slack.emulator.files() if f["id"] == uploaded["id"])
    with session_scope(programme_db) as session:
        modules = session.exec(select(Module).where(Module.active)).all()  # type: ignore[arg-type]
        numbers = sorted(m.number for m in modules)
    assert len(numbers) == 6
    assert ics.count(b"BEGIN:VEVENT") == len(numbers)
    for number in numbers:
        assert f"UID:module-{number}.rise-west-midlands-3@cohort".encode() in ics
    assert b"BEGIN:VTIMEZONE" in ics
    [row] = logged(programme_db)
    assert (row.answered, row.source_kind) == (True, "programme")


def test_slash_command_calendar_request_sends_the_file_by_dm(slack: LiveApp) -> None:
    """`/cohort ask` answers privately, so the .ics goes to the asker's DM with the bot."""
    assert slack.command(PARTICIPANT, "ask ics file for all modules").status == 200
    dm = slack.emulator.im_channel(PARTICIPANT)
    slack.emulator.wait_for(lambda e: e.files(), what="uploaded .ics")
    slack.settle()
    [ephemeral] = slack.emulator.ephemerals(dm, PARTICIPANT)
    assert "calendar file (.ics), attached" in ephemeral["text"]
    [uploaded] = [f for m in slack.emulator.messages(dm) for f in m.get("files", [])]
    assert uploaded["name"] == "rise-west-midlands-3.ics"


ON_LEAVE = "I'm on leave for module 4, how does that affect completing the programme?"


def hand_over_with_suggestions(slack: LiveApp) -> tuple[dict, dict, dict]:  # type: ignore[type-arg]
    """Ask what the FAQ does not quite answer: the reply, its first suggestion, and the
    organisers' copy."""
    asked = slack.dm(PARTICIPANT, ON_LEAVE)
    reply = slack.reply_to(asked)
    reply["channel"] = asked["channel"]
    assert reply["text"] == PASSED_ON
    assert MAY_HELP in str(reply["blocks"])
    suggestions = [b for b in find_buttons(reply["blocks"]) if b.element["action_id"].startswith(
        "question_suggestion_")]  # fmt: skip
    assert 1 <= len(suggestions) <= 3
    posted = slack.emulator.wait_for(lambda e: e.messages(ORGANISERS), what="hand-over")[0]
    assert "Meanwhile I offered them these FAQ entries" in str(posted["blocks"])
    slack.settle()  # the hand-over is recorded once posted
    return reply, suggestions[0], posted


def open_suggestion_as_asker(slack: LiveApp, reply: dict, suggestion):  # type: ignore[no-untyped-def,type-arg]
    """The asker opens a suggestion: the hand-over as it is then (the entry shown)."""
    slack.click(PARTICIPANT, suggestion, message=reply)
    slack.settle()
    opened = slack.emulator.thread(reply["channel"], reply["thread_ts"])[-1]
    return {**opened, "channel": reply["channel"]}


def test_asker_opens_a_suggestion_and_it_answers_them(slack: LiveApp, programme_db: Engine) -> None:
    """Only the asker can open a suggestion; when they say it answers them, the organisers'
    copy loses its *Answer* button and says no reply is needed."""
    reply, first, _ = hand_over_with_suggestions(slack)
    slug = first.element["value"].split(":", 1)[1]

    slack.click(OTHER, first, message=reply)
    slack.settle()
    assert logged(programme_db)[0].suggestion_opened is None
    [refused] = slack.emulator.ephemerals(reply["channel"], OTHER)
    assert refused["text"] == ONLY_ASKER_SUGGESTION

    opened = open_suggestion_as_asker(slack, reply, first)
    with session_scope(programme_db) as session:
        entry = session.exec(select(FaqEntry).where(FaqEntry.slug == slug)).one()
        expected_answer = entry.answer
    assert expected_answer[:40] in str(opened["blocks"])
    assert "Does this answer your question?" in str(opened["blocks"])
    assert logged(programme_db)[0].suggestion_opened == slug

    slack.click(PARTICIPANT, button(opened, "Yes, that answers it"), message=opened)
    slack.settle()
    settled = slack.emulator.thread(reply["channel"], reply["thread_ts"])[-1]
    assert find_buttons(settled["blocks"]) == []
    assert "told the organisers they needn't reply" in str(settled["blocks"])
    assert "Does this answer your question?" not in str(settled["blocks"])
    organisers = slack.emulator.messages(ORGANISERS)[0]
    organisers["channel"] = ORGANISERS
    assert "found the answer in the FAQ" in str(organisers["blocks"])
    [row] = logged(programme_db)
    assert (row.suggestion_answered, row.organiser_answer, row.escalated) == (True, None, True)

    # an organiser (only) adds the asker's words to the entry: the next asker gets it
    [learn] = find_buttons(organisers["blocks"])
    assert learn.label == "Add their wording to this FAQ entry"
    slack.click(PARTICIPANT, learn, message=organisers)
    slack.settle()
    with session_scope(programme_db) as session:
        assert session.exec(select(FaqPhrasing)).all() == []
    slack.click(ORGANISER, learn, message=organisers)
    slack.settle()
    with session_scope(programme_db) as session:
        [phrasing] = session.exec(select(FaqPhrasing)).all()
        assert (phrasing.faq_slug, phrasing.text, phrasing.added_by) == (slug, ON_LEAVE, ORGANISER)
    updated = slack.emulator.messages(ORGANISERS)[0]
    assert [b.label for b in find_buttons(updated["blocks"])] == ["Undo"]
    assert "added their wording" in str(updated["blocks"])
    again = slack.dm(OTHER, ON_LEAVE)
    assert slack.reply_to(again)["text"] == expected_answer
    assert logged(programme_db)[-1].source_ref == slug

    # *Undo*: the wording goes, and the next asker is handed on again
    updated["channel"] = ORGANISERS
    slack.click(ORGANISER, find_buttons(updated["blocks"])[0], message=updated)
    slack.settle()
    with session_scope(programme_db) as session:
        assert session.exec(select(FaqPhrasing)).all() == []
    restored = slack.emulator.messages(ORGANISERS)[0]
    assert [b.label for b in find_buttons(restored["blocks"])] == [learn.label]
    third = slack.dm(OTHER, ON_LEAVE)
    assert slack.reply_to(third)["text"] == PASSED_ON


def test_asker_says_the_suggestion_does_not_answer_them(
    slack: LiveApp, programme_db: Engine
) -> None:
    """ "No": the question stays with the organisers, whose *Answer* button still works."""
    reply, first, _ = hand_over_with_suggestions(slack)
    opened = open_suggestion_as_asker(slack, reply, first)
    slack.click(OTHER, button(opened, "No, it doesn"), message=opened)
    slack.settle()
    assert logged(programme_db)[0].suggestion_answered is None
    slack.click(PARTICIPANT, button(opened, "No, it doesn"), message=opened)
    slack.settle()
    settled = slack.emulator.thread(reply["channel"], reply["thread_ts"])[-1]
    assert "The organisers still have your question" in str(settled["blocks"])
    organisers = slack.emulator.messages(ORGANISERS)[0]
    assert [b.label for b in find_buttons(organisers["blocks"])] == ["Answer"]
    assert logged(programme_db)[0].suggestion_answered is False


def test_joining_a_module_online_that_has_no_link_gets_the_faq_policy_then_the_schedule(
    slack: LiveApp, programme_db: Engine
) -> None:
    """ "No link" alone leaves the asker stuck: the FAQ says what they can do instead."""
    asked = slack.dm(PARTICIPANT, "is module 4 streamed?")
    reply = slack.reply_to(asked)
    assert reply["text"].startswith("Module 5 is held online only, and Module 3 has a joining")
    assert "Module 4, Race, Equity and Organisational Culture, has no online" in reply["text"]
    context = "From the programme FAQ: Can I join the modules online? (and the schedule)"
    assert context in str(reply["blocks"])
    [row] = logged(programme_db)
    assert (row.source_kind, row.source_ref) == ("faq", "online")


def test_a_module_that_does_not_exist_is_said_then_handed_on(slack: LiveApp) -> None:
    """The asker hears what the schedule says, and the organisers still get the question."""
    asked = slack.dm(PARTICIPANT, "when is module 9?")
    reply = slack.reply_to(asked)
    assert reply["text"].startswith("There is no Module 9: the modules are numbered 1 to 6.")
    assert "passed your question to the organisers too" in reply["text"]
    posted = slack.emulator.wait_for(lambda e: e.messages(ORGANISERS), what="hand-over")[0]
    assert "module 9" in posted["text"]
    assert "I told them: There is no Module 9" in str(posted["blocks"])


def test_suggestions_work_from_a_slash_command_reply(slack: LiveApp, programme_db: Engine) -> None:
    """`/cohort ask` answers privately; its suggestions open and settle there too."""
    assert slack.command(PARTICIPANT, f"ask {ON_LEAVE}").status == 200
    slack.settle()
    dm = slack.emulator.im_channel(PARTICIPANT)
    [private] = slack.emulator.ephemerals(dm, PARTICIPANT)
    private["channel"] = dm
    first = next(b for b in find_buttons(private["blocks"]) if b.label != "Answer")
    assert slack.click(PARTICIPANT, first, message=private).status == 200
    slack.settle()
    [opened] = slack.emulator.ephemerals(dm, PARTICIPANT)  # replaced in place, as in Slack
    assert "Does this answer your question?" in str(opened["blocks"])
    assert logged(programme_db)[0].suggestion_opened == first.element["value"].split(":")[1]


def test_a_question_the_faq_answered_is_not_waiting_on_the_organisers_home(
    slack: LiveApp,
) -> None:
    """Once the asker says a suggestion answered them, the organisers' Home stops counting
    the question as waiting for them."""
    reply, first, _ = hand_over_with_suggestions(slack)
    assert "1 passed on and not yet answered" in str(slack.open_home(ORGANISER)["blocks"])
    opened = open_suggestion_as_asker(slack, reply, first)
    slack.click(PARTICIPANT, button(opened, "Yes, that answers it"), message=opened)
    slack.settle()
    assert "0 passed on and not yet answered" in str(slack.open_home(ORGANISER)["blocks"])


def test_a_suggestion_removed_since_it_was_offered_says_so(
    slack: LiveApp, programme_db: Engine
) -> None:
    """An entry taken out of the programme after it was offered is not shown; the asker is
    told why, and nothing is recorded."""
    reply, first, _ = hand_over_with_suggestions(slack)
    slug = first.element["value"].split(":", 1)[1]
    with session_scope(programme_db) as session:
        entry = session.exec(select(FaqEntry).where(FaqEntry.slug == slug)).one()
        entry.active = False
    slack.click(PARTICIPANT, first, message=reply)
    slack.settle()
    [told] = slack.emulator.ephemerals(reply["channel"], PARTICIPANT)
    assert told["text"] == SUGGESTION_GONE
    assert logged(programme_db)[0].suggestion_opened is None


def test_long_faq_questions_fit_slacks_button_limit() -> None:
    """A suggestion's button shows the entry's question, cut to Slack's 75 characters."""
    long = "Can I claim for a taxi from the station if I have a lot of luggage " * 2
    answer = not_answered(0.5)
    answer = replace(answer, suggestions=(Suggestion("travel", long.strip()),))
    _, blocks = handed_on_message(answer, log_id=7, organisers=True)
    [suggested] = find_buttons(blocks)
    assert len(suggested.label) == 75
    assert suggested.label.endswith("…")
    assert suggested.element["value"] == "7:travel"
