"""A sector's own wording: acronyms, days of the month, parts of a day, why they ask.

Each case comes from a question a writer who never saw the answerer put to one of the
benchmark's programmes (bench/questions/README.md, sixth round).
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks, lexicon
from bot.answering.text import Analyzer, concept
from tests.answering.helpers import LONDON, ask, load_bench, load_examples

HMRC = "hmrc-leaders-2027"
TRADING = "trading-standards-leaders-2027"
WASTE = "waste-services-leaders-2027"
CPS = "cps-leaders-2027"


def test_an_acronym_is_spelt_out_from_the_programme_or_the_question() -> None:
    """ "my HoS" where the programme speaks of heads of service; "a CP" after "Crown
    Prosecutors" in the same message. An acronym the programme itself uses stays."""
    analyzer = Analyzer(["Projects are signed off by your head of service.", "CPD hours"])
    assert {"head", "servic"} <= set(analyzer.analyse("signed off by my HoS?").concepts)
    cp = analyzer.analyse("One of my Crown Prosecutors is keen - can a CP apply?")
    assert cp.words.count("prosecutors") == 2
    assert "cpd" in analyzer.analyse("How many CPD hours?").words
    assert "hos" in analyzer.analyse("WHO IS MY HOS").words  # all in capitals: left alone


def test_a_word_is_not_taken_as_short_for_a_compound() -> None:
    """ "home" is not short for "homework" (as "exec" is for "executive")."""
    analyzer = Analyzer(["Bring your homework."])
    assert concept("homework") not in analyzer.analyse("can I work at home").concepts


@pytest.mark.parametrize(
    ("programme", "question", "expected"),
    [
        # a day of the month picks the module held then, and is explained by it
        (
            TRADING,
            "What time does the launch residential start on the 26th? Trying to "
            "work out which train",
            "module:1",
        ),
        (CPS, "What time does mod 1 start on the 19th and where is it?", "module:1"),
        # "one day or two" after "module" is a length, not Module 1
        (TRADING, "How long is the investigations module — one day or two?", "module:4"),
        # a module found by a word of its summary, asked who speaks or which it is
        (HMRC, "who's speaking at the launch?", "module:1"),
        (WASTE, "which module is the fly-tipping and FPN stuff in?", "module:4"),
        # "is lunch laid on", "do it from home"
        (HMRC, "is lunch laid on at the Leeds regional centre day?", "faq:food"),
        (TRADING, "which of the sessions can I do from home on teams?", "faq:online"),
        # what the programme is, asked after an aside or by its name
        (
            TRADING,
            "just been added to this channel by my HoS - what is this programme actually about?",
            "programme",
        ),
        (HMRC, "What's the Frontline Leaders Programme? My PDR says I'm going on it", "programme"),
        (
            WASTE,
            "what's Street Scene Leaders about in a nutshell? need to explain it to my "
            "portfolio holder",
            "programme",
        ),
        # the topic before the contact cue, and what follows only says when or for which
        (
            HMRC,
            "I've lost my building pass, who do I need to tell before the Leeds day?",
            "contact:Kieran Doyle",
        ),
        (WASTE, "I'm vegan - who do I tell for mod 6?", "faq:food"),
        # a question worded as an FAQ entry's, naming a module only by a word of its own
        (
            WASTE,
            "will I need a hotel the night before the depot day? I'm coming from Stoke",
            "faq:accommodation",
        ),
        # a message that mentions drafting is not a request to draft
        (
            TRADING,
            "Someone said we have to draft a witness statement before one of the "
            "modules - which one and what's the file?",
            "module:4",
        ),
    ],
)
def test_questions_in_a_sector_s_own_words(
    db: Engine, programme: str, question: str, expected: str
) -> None:
    load_bench(db, programme)
    answer = ask(db, question, programme=programme)
    assert answer.answered, question
    assert answer.sources[0].label == expected, (question, answer.sources)


def test_the_time_of_a_dinner_is_not_the_module_s(db: Engine) -> None:
    """The schedule has a module's times, not those of the dinner on its first evening."""
    load_bench(db, HMRC)
    assert not ask(db, "what time does the closing dinner start?", programme=HMRC).answered
    module = ask(db, "what time does module 6 start?", programme=HMRC)
    assert module.answered
    assert module.sources[0].label == "module:6"


def test_situation_first_gets_the_faq_entry_that_names_the_contact(db: Engine) -> None:
    """ "I'm vegan, who do I tell?" gets the entry on food, which says whom to tell and
    by when, and the contact's details with it; "who handles dietary stuff" the contact."""
    load_bench(db, WASTE)
    answer = ask(db, "I'm vegan - who do I tell for mod 6?", programme=WASTE)
    assert [s.label for s in answer.sources] == ["faq:food", "contact:Kieran Doyle"]
    assert "@" in answer.text  # the contact's email, after the entry's answer


def test_why_they_ask_and_who_wants_to_know_are_asides() -> None:
    assert checks.drop_asides("when is it? Trying to work out which train").split() == [
        "when",
        "is",
        "it?",
    ]
    # a purpose that itself asks when stays
    assert "time" in checks.drop_asides("what's on? need to know what time to leave")
    assert "ABM" not in checks.drop_asides("ABM wants to know if there is a fee?")


def test_only_a_request_to_write_is_out_of_scope() -> None:
    assert checks.out_of_scope("can you draft me a committee report")
    assert not checks.out_of_scope("someone said we have to draft a witness statement")
    assert "dinner" in lexicon.MODULE_PARTS


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("invoiced", "cost"),  # "will my trust be invoiced?" asks what it costs
        ("wages", "cost"),
        ("sandwiches", "food"),
        ("polo", "dress"),
        ("hrs", "hour"),
        ("cert", "certificate"),
        ("eligible", "nominate"),  # "am I eligible?" asks who can apply
        ("sesame", "food"),
        ("plain clothes", "civvies"),
        ("we just don't click", "we mismatch"),
        ("network mgmt", "network management"),
        ("the ops day", "the operations day"),
        ("the backlog", "the caseload"),
        ("what time do I log on", "what time do I go online"),
        ("when do noms open", "when do nominations open"),
        ("can I get that time back", "can I get leave in lieu"),  # time, not money
        ("can I claim my fare back", "can I reimburse"),
        ("any chance of a room", "can I have a room"),
        ("I'm based in Scarborough", "from Scarborough"),
        ("the silly o'clock start", "the early start"),
        ("module 1 lands on my day off", "module 1 is held on my day off"),
        ("will I get put up the night before", "will I get accommodation the night before"),
        ("put one of my managers forward", "nominate"),
        ("does it count as work time", "is it release"),
        # on the way to a module (the seventh round)
        ("can someone drop the link", "can someone link"),
        ("what time do we wrap up", "what time do we finish"),
        ("realistically how much time", "how much time"),
        ("is the dinner a posh frock thing", "is the dinner a posh dress thing"),
        ("I'll be on crutches", "I'll be on wheelchair"),
        ("on tmw", "on tomorrow"),
    ],
)
def test_everyday_words_fold_into_the_programme_s(said: str, meant: str) -> None:
    analyzer = Analyzer([])
    assert analyzer.analyse(said).concepts == analyzer.analyse(meant).concepts


def test_chat_and_the_lexicon_s_own_words_are_no_topic() -> None:
    """ "tbh", "keen", "slightly awkward" are how people talk; "commitment" is what the
    lexicon writes for "how much time": none is a topic the programme fails to cover."""
    analyzer = Analyzer([])
    assert analyzer.analyse("tbh I'm keen but slightly awkward").concepts == ()
    (commitment,) = analyzer.analyse("how much time").rarity
    assert commitment < 0.5
    assert analyzer.analyse("steel toe caps").words == ("toecaps",)


def test_an_entry_that_speaks_of_every_word_is_judged_despite_a_low_score(db: Engine) -> None:
    """ "Is there anything for alumni?" scores low against the alumni entry (its question
    is worded otherwise) but the entry speaks of every word, and plain BM25 agrees."""
    load_examples(db, london=True)
    answer = ask(db, "is there anything for alumni", programme=LONDON)
    assert answer.answered
    assert answer.sources[0].label == "faq:alumni"
    assert not ask(db, "is there a gym at the venue", programme=LONDON).answered


def test_how_many_needs_a_number_of_the_thing_counted(db: Engine) -> None:
    """ "How many CPD hours is the ILM worth?" is not answered by an entry that counts
    modules and logs; "how many people should I invite?" is by "eight to twelve
    colleagues"."""
    assert checks.counted_thing("how many cpd hours is the ilm worth") == "hours"
    assert checks.counted_thing("when is module 3") is None
    load_bench(db, HMRC)
    assert not ask(db, "How many CPD hours is the ILM worth?", programme=HMRC).answered
    load_examples(db)
    invite = ask(db, "how many people should I invite to give 360 feedback")
    assert invite.sources[0].label == "faq:feedback-360"


def test_other_cohorts_are_out_of_scope() -> None:
    assert checks.out_of_scope("what did last year cohort do for their projects")
    assert checks.out_of_scope("can i see what previous cohorts presented")
    assert not checks.out_of_scope("what did we do in the last module")


def test_what_time_needs_a_time_of_day() -> None:
    """ "What time does the dinner start?" is not answered by "dinner on 9 November"."""
    kinds = checks.expected_kinds("what time does the celebration dinner start")
    assert not checks.provides("including the celebration dinner on 9 November", kinds)
    assert checks.provides("Dinner is at 7.30pm on 9 November.", kinds)
    assert checks.provides("on 9 November", checks.expected_kinds("when is the dinner"))


def test_can_someone_come_needs_an_answer_about_anyone_coming() -> None:
    """ "Can my chair of governors come to session 4?" is not answered by the entry that
    says governors are sent a summary; "can I bring up a case?" asks nothing of the kind."""
    norm = "can my chair of governors come to session 4 with me"
    assert not checks.says_who_may_come(
        norm, "We send them a short summary, never anything personal."
    )
    assert checks.says_who_may_come(norm, "Officers are welcome to attend the evening session.")
    assert checks.says_who_may_come("can i bring up a real case in my set", "It stays in the room.")
    assert checks.says_who_may_come("can i bring my mobile into the prison", "Lockers at the gate.")
    staff = "can i bring my staff officer to the syndicate presentations"
    assert not checks.says_who_may_come(staff, "At Module 1 you join a syndicate of six.")


def test_someone_going_in_my_place_is_about_missing_a_module() -> None:
    """The lexicon writes "in my place" as "deputy": the check reads the rewritten words."""
    analyzer = Analyzer([])
    for question in (
        "Can one of my supervisors do the Teams session on contracts in my place?",
        "I've got a holiday booked for the victims and witnesses day - does missing it stop "
        "me completing?",
        "can my deputy go in my place for mod 4? ive got a clash",
        "I've got a hospital appointment I can't move on the April module date. What happens?",
    ):
        assert checks.asks_about_absence(analyzer.analyse(question).norm), question


def test_context_after_the_question_is_dropped() -> None:
    """ "Are the online sessions recorded? I teach til 5 on Wednesdays": what follows the
    question mark without asking anything is the asker's situation, not the topic."""
    dropped = checks.drop_asides("are the online sessions recorded? I teach til 5 on wednesdays")
    assert dropped.split() == ["are", "the", "online", "sessions", "recorded?"]
    kept = checks.drop_asides("is it in person? where is it held")
    assert "where" in kept


def test_finishing_the_programme_is_not_missing_a_module(db: Engine) -> None:
    """ "What happens when I finish the programme?" must not get the entry on missing a
    module (which mentions completing): finishing is also the programme's end."""
    load_examples(db)
    answer = ask(db, "what happens when I finish the programme?")
    assert not answer.answered or answer.sources[0].label != "faq:missing-module"


def test_next_year_frames_a_question_like_next(db: Engine) -> None:
    """ "…put another AD forward next year" asks about nominations: "year" is when, not
    a topic the nominations entry fails to mention."""
    load_examples(db, london=True)
    asked = "our borough wants to put another AD forward next year, how does that work?"
    answer = ask(db, asked, programme=LONDON)
    assert answer.answered
    assert answer.sources[0].label in ("faq:nominations", "faq:who-can-join")
