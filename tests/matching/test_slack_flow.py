"""Mentoring over real HTTP: the real app, signed requests, the emulator, the outbox.

proposal → swap/remove → approve → intro group DM → prompt → log a meeting; change
requests that only organisers hear of; profiles edited from App Home; refusals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.clock import ManualClock
from bot.db import session_scope
from bot.delivery import SlackDelivery, make_client
from bot.dispatch import Dispatcher
from bot.models import MeetingLog, Membership, MentorMatch, Person, ScheduledMessage
from bot.planning import plan_all
from bot.sandbox.live import Button, LiveApp, find_buttons

ORGANISER, ORGANISERS = "U0EXORG001", "C0EXORGS01"
PARTICIPANT, OTHER_PARTICIPANT, MENTOR = "U0EXPART01", "U0EXPART02", "U0EXMENT01"


@dataclass
class Flow:
    slack: LiveApp
    db: Engine
    clock: ManualClock
    dispatcher: Dispatcher

    def proposal(self) -> dict[str, Any]:
        """The proposal message in the organisers' channel, as it is now."""
        found = [m for m in self.slack.emulator.messages(ORGANISERS) if "proposed" in m["text"]]
        assert found, "no proposal posted"
        return {**found[-1], "channel": ORGANISERS}

    def choose(self, user: str, block_id: str, value_prefix: str) -> None:
        """`user` picks an item from the menu of one pair in the proposal."""
        message = self.proposal()
        block = next(b for b in message["blocks"] if b.get("block_id") == block_id)
        menu = block["accessory"]
        option = next(o for o in menu["options"] if o["value"].startswith(value_prefix))
        reply = self.slack.click(user, Button("menu", {**menu, "selected_option": option},
                                              block_id), message=message)  # fmt: skip
        assert reply.status == 200
        self.slack.settle()

    def send_outbox(self) -> None:
        with session_scope(self.db) as session:
            plan_all(session, now=self.clock.now())
        self.dispatcher.drain(budget=10)

    def matches(self, status: str = "active") -> list[MentorMatch]:
        with session_scope(self.db) as session:
            return list(session.exec(select(MentorMatch).where(MentorMatch.status == status)))

    def person_id(self, slack_id: str) -> int:
        with session_scope(self.db) as session:
            person = session.exec(select(Person).where(Person.slack_id == slack_id)).one()
            assert person.id is not None
            return person.id


@pytest.fixture
def flow(
    running_app: Callable[..., LiveApp], programme_db: Engine, clock: ManualClock
) -> Iterator[Flow]:
    """The example programme served by the real app, and a dispatcher for the outbox."""
    slack = running_app(programme_db, clock)
    client = make_client(token=slack.emulator.bot_token, base_url=slack.emulator.api_url)
    dispatcher = Dispatcher(engine=programme_db, sender=SlackDelivery(client), clock=clock,
                            sleep=lambda s: clock.advance(timedelta(seconds=s)))  # fmt: skip
    yield Flow(slack, programme_db, clock, dispatcher)
    dispatcher.close()


def pair_blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in message["blocks"] if str(b.get("block_id", "")).startswith("pair_")]


def submit_date(flow: Flow, user: str, met_on: date, topics: str) -> None:
    """`user` fills in and submits the open *Log a meeting* modal."""
    [modal] = flow.slack.emulator.wait_for(lambda e: e.open_modals(user), what="the modal")
    values: dict[str, dict[str, Any]] = {
        "met_on": {"value": {"type": "datepicker", "selected_date": met_on.isoformat()}},
        "topics": {"value": {"type": "plain_text_input", "value": topics}},
        "next_on": {"value": {"type": "datepicker", "selected_date": None}},
    }
    assert flow.slack.submit(user, modal, values).status == 200


def test_proposal_to_logged_meeting(flow: Flow) -> None:
    """Organisers propose, adjust and approve; pairs are introduced, prompted and log meetings."""
    slack, emulator = flow.slack, flow.slack.emulator
    refused = slack.command(PARTICIPANT, "match").message()
    assert refused is not None
    assert refused["text"] == "Only the programme's organisers can do that."
    answer = slack.command(ORGANISER, "match").message()
    assert answer is not None
    assert f"<#{ORGANISERS}>" in answer["text"]
    emulator.wait_for(lambda e: e.messages(ORGANISERS), what="the proposal")
    proposal = flow.proposal()
    assert len(pair_blocks(proposal)) == 12
    assert "<@" not in str(proposal["blocks"])  # names, not mentions: nobody is notified yet
    approve = next(b for b in find_buttons(proposal["blocks"]) if b.label == "Approve all")

    # A participant cannot approve; nothing is recorded.
    slack.click(PARTICIPANT, approve, message=proposal)
    slack.settle()
    assert flow.matches() == []
    assert (
        "Only the programme's organisers" in emulator.ephemerals(ORGANISERS, PARTICIPANT)[0]["text"]
    )

    # Remove the first pair: its mentee is listed as not matched.
    first = pair_blocks(proposal)[0]["block_id"]
    flow.choose(ORGANISER, first, "remove:")
    after_remove = flow.proposal()
    assert len(pair_blocks(after_remove)) == 11
    assert "removed from this proposal" in str(after_remove["blocks"])

    # Swap the next pair's mentor through the modal.
    second = pair_blocks(after_remove)[0]["block_id"]
    flow.choose(ORGANISER, second, "swap:")
    [modal] = emulator.wait_for(lambda e: e.open_modals(ORGANISER), what="the swap modal")
    option = modal["blocks"][1]["element"]["options"][0]
    chosen = option["value"]
    values: dict[str, dict[str, Any]] = {
        "mentor": {"value": {"type": "static_select", "selected_option": option}}
    }
    assert slack.submit(ORGANISER, modal, values).status == 200
    slack.settle()
    with session_scope(flow.db) as session:
        swapped = session.get_one(MentorMatch, int(second.removeprefix("pair_")))
        if chosen.startswith("move:"):
            chosen_mentor = session.exec(select(Person).where(Person.slack_id == chosen[5:])).one()
            assert swapped.mentor_id == chosen_mentor.id
    assert flow.proposal()["ts"] == proposal["ts"]  # the same message, redrawn

    # Approve all: 11 active pairs, the message says who approved, intros go out.
    approve = next(b for b in find_buttons(flow.proposal()["blocks"]) if b.label == "Approve all")
    slack.click(ORGANISER, approve, message=flow.proposal())
    slack.settle()
    assert len(flow.matches()) == 11
    [approved] = [m for m in emulator.messages(ORGANISERS) if m["ts"] == proposal["ts"]]
    assert f"approved by <@{ORGANISER}>" in approved["text"]
    assert find_buttons(approved["blocks"]) == []
    flow.send_outbox()
    with session_scope(flow.db) as session:
        intros = session.exec(
            select(ScheduledMessage).where(ScheduledMessage.kind == "mentor_intro")
        ).all()
    assert len(intros) == 11
    assert {i.status for i in intros} == {"sent"}

    # The mentee logs their first meeting from the introduction in the group DM.
    match = next(m for m in flow.matches() if m.mentee_id != flow.person_id(PARTICIPANT))
    with session_scope(flow.db) as session:
        mentee_person = session.get_one(Person, match.mentee_id)
        mentee, mentee_name = mentee_person.slack_id, mentee_person.name
        mentor = session.get_one(Person, match.mentor_id).slack_id
    intro_row = next(i for i in intros if i.payload["match_id"] == match.id)
    assert intro_row.slack_channel is not None
    [intro] = emulator.messages(intro_row.slack_channel)
    log = next(b for b in find_buttons(intro["blocks"]) if b.label == "Log a meeting")
    slack.click(mentee, log, message={**intro, "channel": intro_row.slack_channel})
    submit_date(flow, mentee, date(2027, 1, 4), "First coffee")
    slack.settle()

    # Someone outside the pair cannot log its meetings: no modal, a refusal by DM.
    outsider = OTHER_PARTICIPANT if mentee != OTHER_PARTICIPANT else PARTICIPANT
    slack.click(outsider, log, message={**intro, "channel": intro_row.slack_channel})
    slack.settle()
    assert emulator.open_modals(outsider) == []
    refusal = emulator.messages(emulator.im_channel(outsider))[-1]["text"]
    assert refusal == "only the mentor and the mentee of a pair can log its meetings"

    # Four weeks on, the mentor is prompted and logs the next meeting from the prompt.
    flow.clock.advance(timedelta(weeks=4, hours=2))
    flow.send_outbox()
    prompts = [
        m for m in emulator.messages(emulator.im_channel(mentor))
        if m["text"].startswith(f"How are things going with {mentee_name}?")
    ]  # fmt: skip
    assert prompts
    assert "You last met on Monday 4 January 2027." in prompts[-1]["text"]
    log = next(b for b in find_buttons(prompts[-1]["blocks"]) if b.label == "Log a meeting")
    slack.click(mentor, log, message={**prompts[-1], "channel": emulator.im_channel(mentor)})
    submit_date(flow, mentor, date(2027, 2, 1), "Budget round")
    slack.settle()
    with session_scope(flow.db) as session:
        logged = session.exec(
            select(MeetingLog)
            .where(MeetingLog.match_id == match.id)
            .order_by(col(MeetingLog.met_on))
        ).all()
    assert [(m.logged_by, m.met_on) for m in logged] == [
        (mentee, date(2027, 1, 4)),
        (mentor, date(2027, 2, 1)),
    ]
    home = str(slack.open_home(mentor)["blocks"])
    assert "last met" in home


def test_a_change_request_reaches_only_the_organisers(flow: Flow) -> None:
    """`/cohort mentor change` goes to the organisers' channel only; an organiser ends the pair."""
    slack, emulator = flow.slack, flow.slack.emulator
    slack.command(ORGANISER, "match")
    emulator.wait_for(lambda e: e.messages(ORGANISERS), what="the proposal")
    approve = next(b for b in find_buttons(flow.proposal()["blocks"]) if b.label == "Approve all")
    slack.click(ORGANISER, approve, message=flow.proposal())
    slack.settle()
    [match] = [m for m in flow.matches() if m.mentee_id == flow.person_id(PARTICIPANT)]
    with session_scope(flow.db) as session:
        mentor = session.get_one(Person, match.mentor_id).slack_id
    before = len(emulator.calls_to("chat.postMessage"))
    reply = slack.command(PARTICIPANT, "mentor change we have very different diaries").message()
    assert reply is not None
    assert "told the organisers, and only them" in reply["text"]
    slack.settle()
    posts = emulator.calls_to("chat.postMessage")[before:]
    assert [p["channel"] for p in posts] == [ORGANISERS]
    assert "very different diaries" in str(posts[0]["blocks"])
    request = {**emulator.messages(ORGANISERS)[-1], "channel": ORGANISERS}
    end = next(b for b in find_buttons(request["blocks"]) if b.label == "End this pair")
    slack.click(mentor, end, message=request)  # a mentor cannot end it
    slack.settle()
    assert flow.matches("ended") == []
    slack.click(ORGANISER, end, message=request)
    slack.settle()
    assert [m.id for m in flow.matches("ended")] == [match.id]
    assert "was ended by" in str(emulator.messages(ORGANISERS)[-1]["blocks"])


def test_profile_edited_from_app_home(flow: Flow) -> None:
    """*My mentoring profile* opens a modal; bad values are flagged; good ones are saved."""
    slack, emulator = flow.slack, flow.slack.emulator
    home = slack.open_home(MENTOR)
    button = next(b for b in find_buttons(home["blocks"]) if b.label == "My mentoring profile")
    slack.click(MENTOR, button, view=home)
    [modal] = emulator.wait_for(lambda e: e.open_modals(MENTOR), what="the profile modal")
    values: dict[str, dict[str, Any]] = {
        "expertise": {"value": {"type": "plain_text_input", "value": "finance\nCEO; coaching"}},
        "capacity": {"value": {"type": "plain_text_input", "value": "lots"}},
        "notes": {"value": {"type": "plain_text_input", "value": None}},
        "avoid": {"value": {"type": "multi_users_select", "selected_users": [PARTICIPANT]}},
    }
    bad = slack.submit(MENTOR, modal, values)
    assert bad.json() == {
        "response_action": "errors",
        "errors": {"capacity": "a whole number of mentees, e.g. 2"},
    }
    values["capacity"] = {"value": {"type": "plain_text_input", "value": "1"}}
    assert slack.submit(MENTOR, modal, values).status == 200
    slack.settle()
    with session_scope(flow.db) as session:
        membership = session.exec(
            select(Membership).join(Person).where(Person.slack_id == MENTOR)
        ).one()
        assert membership.expertise == ["finance", "CEO", "coaching"]
        assert membership.capacity == 1
        assert membership.avoid == [PARTICIPANT]


def test_organisers_nudge_people_without_a_profile(flow: Flow) -> None:
    """App Home lists who has no profile; *Nudge* DMs them the profile button."""
    slack, emulator = flow.slack, flow.slack.emulator
    with session_scope(flow.db) as session:
        membership = session.exec(
            select(Membership).join(Person).where(Person.slack_id == PARTICIPANT)
        ).one()
        membership.goals, membership.development_areas, membership.challenges = [], [], []
    home = slack.open_home(ORGANISER)
    assert "No profile yet:* Aisha Mahmood" in str(home["blocks"])
    nudge = next(b for b in find_buttons(home["blocks"]) if b.label.startswith("Nudge 1"))
    slack.click(ORGANISER, nudge, view=home)
    emulator.wait_for(lambda e: e.messages(e.im_channel(PARTICIPANT)), what="the nudge")
    [dm] = emulator.messages(emulator.im_channel(PARTICIPANT))
    assert [b.label for b in find_buttons(dm["blocks"])] == ["My mentoring profile"]
    # A participant cannot nudge anyone.
    slack.click(PARTICIPANT, nudge, view=slack.open_home(PARTICIPANT))
    slack.settle()
    assert len(emulator.messages(emulator.im_channel(PARTICIPANT))) == 2  # the refusal only
