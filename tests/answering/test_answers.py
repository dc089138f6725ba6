"""The answering service against a real database: schedule, people, FAQ and abstention."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering.second_opinion import PlainBM25
from tests.answering.helpers import LONDON, RISE, ask, load_bench, load_examples


@pytest.fixture
def examples(db: Engine) -> Engine:
    load_examples(db)
    return db


@pytest.fixture
def both(db: Engine) -> Engine:
    load_examples(db, london=True)
    return db


def main(answer) -> str:  # type: ignore[no-untyped-def]
    return answer.sources[0].label if answer.answered and answer.sources else "-"


def test_module_by_number_title_and_paraphrase(examples: Engine) -> None:
    """A module named by number, "mod 3", its title or a loose paraphrase is found."""
    cases = {
        "When is module 3?": "module:3",
        "where is mod 3": "module:3",
        "what's the prep for Leading Across the System": "module:3",
        "when's the politics one?": "module:2",
        "whens the wolverhampton module": "module:4",
        "is the money module online?": "module:5",
    }
    for question, expected in cases.items():
        assert main(ask(examples, question)) == expected, question


def test_dates_are_uk_style_in_programme_time_across_the_clock_change(examples: Engine) -> None:
    """Module 2 runs over the March clock change: both ends are given in UK local time."""
    answer = ask(examples, "when is module 2")
    assert answer.text.startswith(
        "Module 2, Power, Politics and Influence, is on Friday 26 March, 18:00 to "
        "Sunday 28 March 2027, 13:00 at Hartsfield Manor"
    )
    assert answer.to_json()["sources"] == [{"kind": "module", "number": 2}]


def test_relative_modules_follow_the_time_of_asking(examples: Engine) -> None:
    """ "next", "tomorrow's" and "the last one" depend on when the question is asked."""
    assert main(ask(examples, "when is the next module", at="2027-03-01 09:00")) == "module:2"
    assert main(ask(examples, "when is the next module", at="2027-06-01 09:00")) == "module:4"
    assert main(ask(examples, "where is tomorrow's session", at="2027-11-17 15:00")) == "module:6"
    assert (
        main(ask(examples, "what was the last module about", at="2027-08-01 09:00")) == "module:4"
    )


def test_what_to_prepare_and_online_link(examples: Engine) -> None:
    """The part of the module asked about is what the answer gives."""
    prep = ask(examples, "what do I need to bring to module 4?")
    assert "workforce race equality data" in prep.text
    link = ask(examples, "joining link for module 5?")
    assert "https://meet.example.org/rise3-module-5" in link.text


def test_my_mentor_is_the_askers_own(examples: Engine) -> None:
    """Only the asker's own active match answers "who is my mentor"."""
    mine = ask(examples, "who is my mentor?", asker="U0EXPART01")
    assert mine.to_json()["sources"] == [{"kind": "mentor", "slack": "U0EXMENT02"}]
    assert "Rajinder Gill" in mine.text
    other = ask(examples, "whos my mentr", asker="U0EXPART02")
    assert other.to_json()["sources"] == [{"kind": "mentor", "slack": None}]
    assert "not been matched" in other.text
    mentees = ask(examples, "who are my mentees?", asker="U0EXMENT02")
    assert "Aisha Mahmood" in mentees.text


def test_contacts_and_organisers(examples: Engine) -> None:
    """Who to contact about a topic comes from the contacts' topics; organisers from people."""
    assert main(ask(examples, "who do I contact about parking?")) == "contact:Leon Francis"
    assert main(ask(examples, "who should I talk to about my action learning set")) == (
        "contact:Harpreet Sandhu"
    )
    topic_first = "I need some reasonable adjustments for my dyslexia, who should I talk to?"
    assert main(ask(examples, topic_first)) == "contact:Harpreet Sandhu"
    passport = "I've got a reasonable adjustments passport - who do I send it to?"
    assert main(ask(examples, passport)) == "contact:Harpreet Sandhu"
    organisers = ask(examples, "who are the organisers?")
    assert main(organisers) == "programme"
    assert "Nadia Chowdhury" in organisers.text


def test_the_contact_whose_topics_cover_most_of_the_question(db: Engine) -> None:
    """ "CPD certificates for CIWEM": one contact's topic is certificates, another's is
    "CIWEM and ICE CPD", which covers more (and rarer words) of the question. A car
    registration, and "who can advise me on…", are contact questions too."""
    load_bench(db, "environment-agency-leaders-2027")
    slug = "environment-agency-leaders-2027"
    ciwem = ask(db, "who should I contact about CPD certificates for CIWEM?", programme=slug)
    assert main(ciwem) == "contact:Dr Ruth Okafor"
    advise = ask(db, "who can advise me on a workplace adjustment passport?", programme=slug)
    assert main(advise) == "contact:Dr Ruth Okafor"
    load_bench(db, "prison-probation-leaders-2027")
    reg = "who do I send my car reg to for the gate list?"
    assert main(ask(db, reg, programme="prison-probation-leaders-2027")) == (
        "contact:Liam Fairbrother"
    )


def test_faq_copes_with_paraphrase_british_spelling_and_typos(both: Engine) -> None:
    """FAQ retrieval finds the entry for paraphrases and misspellings."""
    cases = {
        "will I get my train fare paid back?": "faq:expenses",
        "is accomodation provided for the residential": "faq:accommodation",
        "is the programme acredited": "faq:certificate",
        "is there a dresscode": "faq:dress-code",
        "organisers read my check-ins?": "faq:reflections",
    }
    for question, expected in cases.items():
        assert main(ask(both, question)) == expected, question


def test_calendar_requests_get_the_programme_calendar(both: Engine) -> None:
    """Asking for the dates as a calendar file is answered from the programme, flagged to
    carry the .ics; a diary clash or a plain date question is not taken for one."""
    for question in (
        "can I get all the dates in my calendar?",
        "ics file",
        "add the programme to outlook",
        "calendar invite for all modules",
        "can I get the dates in my calender",
    ):
        answer = ask(both, question, programme=LONDON)
        assert answer.to_json()["sources"] == [{"kind": "programme"}], question
        assert answer.calendar, question
        assert "calendar file (.ics), attached" in answer.text
        assert "all 6 modules of London Leadership Programme" in answer.text
        assert set(answer.to_json()) == {"answered", "text", "sources", "confidence", "suggestions"}
    clash = "I've got a clash in my diary, what dates does Self in the System run?"
    for question in ("when is module 3?", clash):
        answer = ask(both, question, programme=LONDON)
        assert main(answer) != "programme", question
        assert not answer.calendar, question


def test_abstains_on_what_the_programme_does_not_cover(examples: Engine) -> None:
    """Bookings, opinions, general knowledge and plausible but uncovered questions."""
    for question in (
        "Can you book me a hotel near the Exchange?",
        "What do you think of the new chief constable?",
        "What is the capital of Ghana?",
        "Is there a gym at Hartsfield Manor?",
        "When is the sponsors' dinner?",
        "Who is the facilitator of my action learning set?",
    ):
        answer = ask(examples, question, programme=RISE)
        assert not answer.answered, question
        assert answer.to_json()["sources"] == []


def test_json_shape_matches_the_interface(both: Engine) -> None:
    """`to_json` has answered, text, sources and confidence, and Cohort's suggestions."""
    data = ask(both, "Can I claim travel expenses?", programme=LONDON).to_json()
    assert set(data) == {"answered", "text", "sources", "confidence", "suggestions"}
    assert data["suggestions"] == []  # only a hand-over offers any
    assert data["sources"][0] == {"kind": "faq", "id": "expenses"}
    assert 0.0 < data["confidence"] <= 1.0


def test_a_hand_over_s_confidence_is_how_close_the_faq_came(examples: Engine) -> None:
    """Module 4 is named for certain (1.0), but what is asked is not in the schedule: the
    hand-over's confidence is the nearest FAQ entry's score, not the module's."""
    asked = ask(examples, "I'm on leave for module 4, how does that affect completing the "
                "programme?")  # fmt: skip
    assert not asked.answered
    assert asked.suggestions[0].slug == "missing-module"
    assert 0.3 <= asked.confidence < 0.9


def test_hand_over_offers_the_nearest_faq_entries(examples: Engine) -> None:
    """Not answered, but the entries that came closest are offered, best first, at most 3."""
    answer = ask(examples, "Is there a prayer room at The Exchange?", programme=RISE)
    data = answer.to_json()
    assert not data["answered"]
    assert data["sources"] == []
    assert 1 <= len(data["suggestions"]) <= 3
    first = data["suggestions"][0]
    assert set(first) == {"kind", "id", "title"}
    assert first["kind"] == "faq"
    for question in ("What is the capital of Ghana?", "Can you book me a hotel near the Exchange?"):
        assert ask(examples, question, programme=RISE).suggestions == (), question


def test_a_module_that_does_not_exist_is_said_and_handed_on(examples: Engine) -> None:
    """ "When is module 9?" in a six-module programme: the asker hears that the schedule has
    no Module 9, and the question still goes to the organisers (it may be news to us)."""
    answer = ask(examples, "when is module 9?", programme=RISE)
    assert not answer.answered
    assert answer.text == "There is no Module 9: the modules are numbered 1 to 6."
    assert answer.suggestions == ()


def test_a_second_opinion_overrules_belongs_elsewhere(examples: Engine) -> None:
    """When plain BM25 puts the same entry first, a word from another entry's question
    ("residential" is the accommodation entry's) no longer sends the question to the
    organisers; when it does not agree, the guess stands."""
    lift = "Is anyone picking us up from Bromsgrove station for the residential weekend?"
    assert main(ask(examples, lift, programme=RISE)) == "faq:travel"
    report = ask(examples, "Will my line manager see my 360 results?", programme=RISE)
    assert main(report) == "faq:feedback-360"
    dinner = ask(examples, "What's the dress code for the sponsors' dinner?", programme=RISE)
    assert not dinner.answered


def test_two_rankers_agreeing_may_leave_more_unexplained(examples: Engine) -> None:
    """ "The exchange" is no word of the dietary entry, which leaves too much of a short
    question unexplained for the usual test; plain BM25 agreeing on a well-scored entry
    lets it through. Agreement alone does not: a second unknown topic still refuses."""
    halal = ask(examples, "is lunch halal at the exchange?", programme=RISE)
    assert main(halal) == "faq:dietary"
    assert not ask(examples, "is the gala dinner halal at the exchange?", programme=RISE).answered


def test_a_clear_lead_both_rankers_agree_on_is_answered(examples: Engine) -> None:
    """ "I don't eat pork" scores below the usual threshold for the dietary entry, but
    both rankers put that entry first and nothing else comes near it."""
    pork = ask(examples, "I don't eat pork, will the lunches be ok for me", programme=RISE)
    assert main(pork) == "faq:dietary"
    minibus = "is there a minibus from the station for the Bromsgrove weekend"
    assert main(ask(examples, minibus, programme=RISE)) == "faq:travel"


def test_what_follows_from_missing_a_module_whatever_the_reason(both: Engine) -> None:
    """The reason for missing a module (a funeral, a hospital appointment) is the asker's,
    not a topic to match: the entry on missing a module answers what follows from it."""
    funeral = "I need to leave early on the Friday of module 1 for a funeral, is that a problem"
    assert main(ask(both, funeral, programme=RISE)) == "faq:missing-module"
    hospital = (
        "I've got a hospital appointment on the 11th March and will miss the day, what do I do?"
    )
    assert main(ask(both, hospital, programme=LONDON)) == "faq:missing-module"
    assert not ask(both, "if I miss module 3 can I get a refund?", programme=RISE).answered
    deputy = "If I can't make module 4 can my deputy go instead and feed back to me?"
    assert main(ask(both, deputy, programme=RISE)) == "faq:missing-module"


def test_a_module_that_does_not_exist_beats_any_faq_entry(db: Engine) -> None:
    """ "When's module 7 of the jobcentre programme?" matches an FAQ entry on jobcentre
    incidents by its words; there are six modules, and that is the answer."""
    load_bench(db, "jobcentre-leaders-2027")
    seven = ask(db, "when's module 7 of the jobcentre programme?",
                programme="jobcentre-leaders-2027")  # fmt: skip
    assert not seven.answered
    assert seven.note.startswith("There is no Module 7")


def test_what_the_programme_is_about_before_a_contact_by_role(db: Engine) -> None:
    """ "What's the county leaders' programme all about?" names the words of a contact's
    role ("programme lead"), but asks what the programme is."""
    load_bench(db, "county-leaders-2027")
    about = ask(db, "what's the county leaders' programme all about?",
                programme="county-leaders-2027")  # fmt: skip
    assert main(about) == "programme"


def test_plain_bm25_ranks_whole_entries_by_their_own_words() -> None:
    """The second opinion: the best entry by raw stemmed words, or None without a match."""
    ranker = PlainBM25(
        [
            ("travel", "How do I get there? Trains to Bromsgrove station, taxis are booked."),
            ("dietary", "Can I get halal food? Tell us your dietary needs."),
        ]
    )
    assert ranker.best("is the food halal") == "dietary"
    assert ranker.best("which station do the trains go to") == "travel"
    assert ranker.best("zebra quantum") is None
    assert PlainBM25([]).best("anything") is None


def test_a_module_found_only_by_its_summary_needs_something_asked_of_it(
    examples: Engine,
) -> None:
    """A word of a module's summary names the module when its date or place is asked, but
    a question about something else that happens to use the word is not about it."""
    assert main(ask(examples, "when is the microaggressions session?")) == "module:4"
    told = ask(examples, "do the elected members get told what I say in the sessions?")
    assert main(told) == "-"


def test_yesterday_and_chatty_relative_questions(examples: Engine) -> None:
    """ "yesterday's session", and a relative question with a chatty second sentence."""
    after_module_1 = "2027-01-23 10:00"
    yesterday = ask(examples, "what was yesterday's session about again?", at=after_module_1)
    assert main(yesterday) == "module:1"
    later = ask(examples, "what was yesterday's module about?", at="2027-02-01 10:00")
    assert main(later) == "module:1"
    assert later.text.startswith("There was no module yesterday; the last one is below.")
    chatty = "what did we cover in the last module? I had to leave early"
    assert main(ask(examples, chatty, at=after_module_1)) == "module:1"


def test_teams_links_and_the_online_module(examples: Engine) -> None:
    """ "Teams link" asks for the joining link; a title named beats "the online module"."""
    teams = ask(examples, "teams link for the finance module pls")
    assert main(teams) == "module:5"
    assert "joining link" in teams.text
    assert main(ask(examples, "is the finance one on teams?")) == "module:5"


def test_no_joining_link_comes_after_the_faq_on_joining_online(examples: Engine) -> None:
    """The FAQ's policy, then the schedule's "no link"; a module with a link needs none,
    and "online or in person?" is the schedule's to answer."""
    for question, number in (
        ("can I dial in to module 1?", 1),
        ("is the Bromsgrove residential streamed?", 2),
        ("is mod 6 hybrid?", 6),
        ("can I dial in rather than travel to Wolverhampton for module 4?", 4),
    ):
        answer = ask(examples, question)
        assert [s.label for s in answer.sources] == ["faq:online", f"module:{number}"], question
        assert answer.text.startswith("Module 5 is held online only")
        assert answer.text.count(f"Module {number}, ") == 1  # when and where said once
        assert "has no online joining link" in answer.text
    for question, number in (
        ("can I join module 3 online?", 3),  # it has a link
        ("where is module 4?", 4),  # nothing asked of joining online
        ("is module 4 online or in person?", 4),
    ):
        assert [s.label for s in ask(examples, question).sources] == [f"module:{number}"], question


def test_the_module_after_the_one_named(examples: Engine) -> None:
    """ "What's next after module 2?" is Module 3, not Module 2, whenever it is asked."""
    assert main(ask(examples, "what's next after module 2?")) == "module:3"
    question = "what comes next after the Bromsgrove residential?"
    later = ask(examples, question, at="2027-04-01 09:00")
    assert main(later) == "module:3"
    assert "Leading Across the System" in later.text


def test_who_is_actually_running_the_programme(examples: Engine) -> None:
    """Organisers asked with a filler word."""
    answer = ask(examples, "who's actually running this programme?")
    assert main(answer) == "programme"
    assert "Nadia Chowdhury" in answer.text


def test_a_module_asked_about_by_its_title_beats_a_loosely_matching_faq(db: Engine) -> None:
    """ "What do I bring to the money one?" asks the module's preparation, though the FAQ
    entry on backfill money matches its words as well."""
    load_bench(db, "primary-care-leaders-2027")
    asked = ask(
        db, "what do i need to bring to the money one", programme="primary-care-leaders-2027"
    )
    assert main(asked) == "module:2"


def test_a_title_word_names_its_module_not_the_module_at_a_venue_of_that_name(
    db: Engine,
) -> None:
    """Module 1 of the police course is held at a Police Training Centre; "the
    neighbourhood policing module" is Module 4, "Partnerships and Neighbourhood Policing".
    A venue's own words still name the module held there."""
    load_bench(db, "police-command-2027")
    asked = ask(db, "where's the neighbourhood policing module?", programme="police-command-2027")
    assert main(asked) == "module:4"
    by_venue = ask(db, "when's the module in Exeter?", programme="police-command-2027")
    assert main(by_venue) == "module:3"


def test_a_month_named_picks_the_module_held_then(examples: Engine) -> None:
    """Modules 1 and 6 are both at The Exchange: "the Exchange module in November" is 6,
    and "in January" is 1."""
    november = ask(examples, "where's the Exchange module in November?")
    assert main(november) == "module:6"
    january = ask(examples, "when's the exchange session in january?")
    assert main(january) == "module:1"


def test_a_module_named_by_its_title_beats_one_whose_summary_uses_the_words(
    db: Engine,
) -> None:
    """ "The frontline teams module" is Module 6, "Leading Large Frontline Teams", though
    Module 1's summary speaks of frontline teams; "post the Teams link" asks for the link;
    "what's the X module?" asks what it is about."""
    load_bench(db, "nhs-estates-leaders-2027")
    slug = "nhs-estates-leaders-2027"
    frontline = ask(db, "When and where is the frontline teams module?", programme=slug)
    assert main(frontline) == "module:6"
    link = ask(db, "Can someone post the Teams link for the backlog and capital one?",
               programme=slug)  # fmt: skip
    assert main(link) == "module:4"
    load_bench(db, "fe-leaders-2027")
    twilight = ask(db, "what's the twilight module?", programme="fe-leaders-2027")
    assert main(twilight) == "module:4"
    skip = ask(db, "If we get inspected the same week as the Taunton day, can I skip it?",
               programme="fe-leaders-2027")  # fmt: skip
    assert main(skip) != "module:3"  # missing the day is asked, not when it is


def test_last_time_kick_off_and_clock_times(examples: Engine) -> None:
    """ "Last time" is the last module held; "kick off" is when it starts; a clock time in
    the question ("for 9?") asks about times and names no topic."""
    covered = ask(examples, "what did we cover last time?", at="2027-10-10 09:00")
    assert main(covered) == "module:5"
    assert "Strategic Finance and Resources" in covered.text
    kick_off = ask(examples, "what time does the residential kick off tomorrow?",
                   at="2027-03-25 12:00")  # fmt: skip
    assert main(kick_off) == "module:2"
    assert "18:00" in kick_off.text
    nine = ask(examples, "what time does module 1 start? do I need to be there for 9?")
    assert main(nine) == "module:1"
    first = ask(examples, "what's first up and when?", at="2026-12-01 10:00")
    assert main(first) == "module:1"
    after_module_1 = "good day yesterday! when's the next one?"
    assert main(ask(examples, after_module_1, at="2027-01-23 10:00")) == "module:2"
    rise = ask(examples, "when's the residential weekend for RISE?")
    assert main(rise) == "module:2"  # the programme's own name says which programme


def test_advice_questions_are_not_answered_with_a_modules_details(examples: Engine) -> None:
    """What to do, or whether a module is compulsory, is not in the schedule; general
    knowledge is not the bot's to answer."""
    on_call = ask(examples, "I'm on call during the finance module, what should I do?")
    assert main(on_call) != "module:5"
    assert main(ask(examples, "can I join the systems one online instead?")) != "module:3"
    election = ask(examples, "who won the last general election?")
    assert not election.answered
    assert election.suggestions == ()


def test_whats_next_what_is_it_about_and_who_runs_it(examples: Engine) -> None:
    """Three everyday openings: what's next, what the programme is about, who runs it."""
    assert main(ask(examples, "what's next on the programme?", at="2027-03-01 09:00")) == (
        "module:2"
    )
    nutshell = ask(examples, "what's this programme about in a nutshell? my boss nominated me")
    assert main(nutshell) == "faq:what-is-rise"  # the organisers' own answer to it
    for question in (
        "who's running the RISE west midlands programme?",
        "how do I get hold of the programme team?",
        "who's running the show? need to ask someone something",
    ):
        runs = ask(examples, question)
        assert main(runs) == "programme", question
        assert "Nadia Chowdhury" in runs.text


def test_what_a_does_or_can_my_question_is_about_must_be_in_the_answer(
    examples: Engine,
) -> None:
    """ "Does the hotel have a pool?" and "can my partner come?" are about the pool and the
    partner: an entry about the hotel or the residential that never mentions them is not
    an answer."""
    for question in (
        "does Hartsfield Manor have a pool?",
        "can my partner stay with me at Hartsfield Manor?",
    ):
        assert not ask(examples, question).answered, question
