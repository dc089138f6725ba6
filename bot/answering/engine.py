"""The answerer for one programme: built once from a snapshot, then asked many times.

Order of reasoning for one question:

1. questions the bot never answers (bookings, opinions, the news) → not answered;
2. people questions by their shape: my mentor / my mentees (database), the organisers,
   who to contact about a topic (contacts' topics; failing that, the contact an FAQ
   answer names);
3. a request for the programme's dates as a calendar file (the whole programme's .ics);
4. the module the question names, if any, and which part of it is asked;
5. the FAQ entry or programme summary that best explains the question.

Between 4 and 5 the one that explains more of the question wins. Whatever wins must
explain the question well enough: no topic the programme never mentions, not too much
left unexplained, and the kind of fact asked for (a time, a person, a number) present in
the answer. Otherwise the question goes to the organisers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.answering import checks, intents, lexicon
from bot.answering.judge import FRAMING, MAX_UNEXPLAINED_MODULE, Judge, Judgement
from bot.answering.modules import ALL_ASPECT_CONCEPTS, ModuleRef, ModuleTable, titled
from bot.answering.people import (
    ContactBook,
    contact_line,
    mentor_answer,
    organisers_answer,
    people_named_in,
)
from bot.answering.retrieval import GENERIC_CONCEPTS, FaqIndex, Match, build_faq_index
from bot.answering.second_opinion import PlainBM25
from bot.answering.snapshot import ContactInfo, ProgrammeSnapshot
from bot.answering.text import Analyzer, Text, concept
from bot.answering.types import Answer, Source, Suggestion, not_answered

BOT_HELP = (
    "Ask me anything about the programme: when and where a module is, what to prepare, "
    "who your mentor is, who to contact about something, or anything in the programme "
    "FAQ. Message me directly, mention me in the cohort channel, or type /cohort ask "
    "followed by your question. If I don't know, I pass your question to the organisers."
)

# Calibrated on the benchmark's seen sets (bench/questions/README.md says which).
# Below this an FAQ entry is not given as the answer, only offered as a suggestion beside
# the hand-over. Raised from 0.5 once suggestions existed: over the benchmark's sets, 0.6
# answers 1.9 points fewer outright but answers wrongly 0.8 fewer, and more questions
# are answered outright or by the suggestion one click away (93.9% against 93.2%).
FAQ_THRESHOLD = 0.6
VAGUE_PHRASING = 0.5  # a question of framing words only ("what should I bring?") must
# match an FAQ question closely to be answered from it
STRONG_REF = 0.9  # a module named by number, by time, or by most of its title
# An entry between LEAD_SCORE and FAQ_THRESHOLD is judged as an answer all the same when
# plain BM25 puts it first too and the runner-up is LEAD_MARGIN behind: over the
# benchmark's sets, 44 more questions answered right and 5 more wrongly.
LEAD_SCORE = 0.5
LEAD_MARGIN = 0.15
# An entry from WHOLE_FIT_SCORE is judged as an answer too when plain BM25 puts it first
# and it explains every word of the question, and no module is named: over the
# benchmark's sets, 13 more questions answered right and 2 more wrongly.
WHOLE_FIT_SCORE = 0.4
# A question worded almost as an FAQ entry's question ("will I need a hotel the night
# before the depot day?") is that entry's, unless it names a module by number or time,
# or asks when, where or the link.
SAID_AS_ENTRY = 0.8
SUGGEST_SCORE = 0.3  # an FAQ entry this close is offered beside a hand-over
MAX_SUGGESTIONS = 3
_MISS = concept("miss")  # what the entry on missing a module is about
_ONLINE = concept("online")  # what the entry on joining online is about
_TRAVELLING = frozenset({concept("travel")})
_COST = frozenset({concept("cost")})
_TIMES = frozenset({"times", "timings"})  # "the start and finish times for the modules"
# questions starting so are not "what is this programme?"
_NOT_ABOUT = frozenset(lexicon.words("who when where how which can could do does is are will"))


def _speaks_of_joining_online(text: Text) -> bool:
    """ "Teams", "dial in", "virtual", but not "in person" (which the lexicon files under
    the same concept, as the other answer to "online or in person?")."""
    return any(w != "inperson" and concept(w) == _ONLINE for w in text.words)


def _entry_on(
    matches: list[Match], about: Callable[[Text], bool], *, min_score: float = 0.0
) -> Match | None:
    """The best-ranked FAQ entry whose own question is `about` something: the entry on
    missing a module, the entry on joining online."""
    return next(
        (
            m
            for m in matches
            if m.doc.kind == "faq" and m.score >= min_score and about(m.doc.phrasings[0])
        ),
        None,
    )


class AnswerEngine:
    """Everything needed to answer questions about one programme, kept in memory."""

    def __init__(self, snapshot: ProgrammeSnapshot) -> None:
        self.snapshot = snapshot
        self.fingerprint = snapshot.fingerprint
        corpus = [snapshot.name, snapshot.summary or ""]
        corpus += [f"{f.question} {' '.join(f.also)} {f.answer}" for f in snapshot.faq]
        module_texts = [
            " ".join(
                x
                for x in (
                    titled(m),
                    m.venue,
                    m.online and "online",
                    m.summary,
                    m.prepare,
                    " ".join(m.speakers),
                )
                if x
            )
            for m in snapshot.modules
        ]
        contact_texts = [f"{c.name} {c.role or ''} {' '.join(c.topics)}" for c in snapshot.contacts]
        self.analyzer = Analyzer(corpus + module_texts + contact_texts)
        self.faq: FaqIndex = build_faq_index(
            self.analyzer,
            faq=[(f.slug, f.question, f.also, f.answer) for f in snapshot.faq],
            programme_name=snapshot.name,
            summary=snapshot.summary,
            extra_documents=module_texts + contact_texts,
        )
        self.modules = ModuleTable(snapshot.modules, self.analyzer, snapshot.timezone)
        self.contacts = ContactBook(snapshot.contacts, self.analyzer)
        self._faq_by_slug = {f.slug: f for f in snapshot.faq}
        self.plain = PlainBM25(
            [(f.slug, f"{f.question} {' '.join(f.also)} {f.answer}") for f in snapshot.faq]
        )
        self.judge = Judge(self.analyzer, self.faq, self.modules.venue_concepts)
        # "module 7 of the *jobcentre* programme": the programme's name says which programme
        name = self.analyzer.analyse(snapshot.name, correct=False)
        self._name_concepts = frozenset(name.concepts)
        # who the programme's own text can name: its contacts and its speakers ("Dr Jo
        # Hale (Chief Executive, …)" is Jo Hale)
        self._named = tuple(c.name for c in snapshot.contacts) + tuple(
            re.split(r"[(,–-]", speaker)[0].strip()
            for m in snapshot.modules
            for speaker in m.speakers
        )
        self._name_words = frozenset(
            w
            for w in name.words
            if w.isalpha() and len(w) > 2 and w not in lexicon.STOPWORDS | lexicon.GENERIC
        )
        # the organisers' own answer to "what is this programme?", if they wrote one
        self._about_entry = next(
            (f for f in snapshot.faq if any(map(self._says_what_it_is, (f.question, *f.also)))),
            None,
        )

    def _says_what_it_is(self, wording: str) -> bool:
        """Whether an FAQ wording asks what the programme is ("What is RISE?")."""
        norm = self.analyzer.analyse(wording).norm
        return intents.asks_programme_summary(intents.programme_named(norm, self._name_words))

    # -- the public entry point -----------------------------------------------------

    def answer(
        self,
        session: Session,
        *,
        question: str,
        asker: str | None,
        at: datetime,
        previous: Source | None = None,
    ) -> Answer:
        """Answer one question as the bot would answer `asker` at `at` (aware).

        `previous` is the main source of the last answer in the same thread: a follow-up
        such as "and where is it?" after an answer about Module 3 is about Module 3.
        """
        text = self.analyzer.analyse(question)
        if not text.words:
            return not_answered()
        if checks.out_of_scope(text.norm):
            return not_answered()
        if (self._about_entry or self.snapshot.summary) and self._asks_summary(question, text):
            return self._about(0.9)
        people = self._people(session, text, asker)
        if people is not None:
            return people
        if intents.asks_bot_help(text.norm):
            return self._bot_help()
        if intents.asks_calendar_file(text.norm):
            return self._programme_calendar()
        focused = self.analyzer.analyse(checks.drop_asides(question))
        asking = checks.focus(question)
        core = self.analyzer.analyse(asking) if asking else None
        ref = self.modules.resolve(focused, at) or self._follow_up(focused, previous)
        matches = self.faq.search(focused)
        decided = self._decide(focused, core, ref, matches)
        if not decided.answered and checks.asks_about_absence(text.norm):
            return self._absence(focused, matches) or decided
        return decided

    def _asks_summary(self, question: str, text: Text) -> bool:
        """ "What is this programme about?", also by its name ("what's Street Scene
        Leaders about?") and as the asking part of a longer message ("just been added to
        this channel by my HoS - what is this programme about?")."""
        asking = checks.focus(question)
        said = [text.norm] + ([self.analyzer.analyse(asking).norm] if asking else [])
        return any(
            intents.asks_programme_summary(intents.programme_named(norm, self._name_words))
            for norm in said
        )

    def _absence(self, text: Text, matches: list[Match]) -> Answer | None:
        """The FAQ entry on missing a module, for what follows from missing one: the
        reason given ("a family wedding abroad") is the asker's, not a topic to match."""
        best = _entry_on(matches, lambda question: _MISS in question.concepts)
        if best is None:
            return None
        return self._faq_answer(best, self._faq_body(best))

    def _follow_up(self, text: Text, previous: Source | None) -> ModuleRef | None:
        """The module of the thread's last answer, for a question about a part of "it"."""
        if previous is None or previous.kind != "module" or not isinstance(previous.ref, int):
            return None
        if previous.ref not in self.modules.modules or not self.modules.aspects(text):
            return None
        topical = frozenset(text.concepts) - FRAMING
        if topical - self.modules.text_of(previous.ref):
            return None  # it names something else ("and is there parking?")
        return ModuleRef((previous.ref,), "follow-up", 0.92, frozenset(text.concepts))

    # -- people ---------------------------------------------------------------------

    def _people(self, session: Session, text: Text, asker: str | None) -> Answer | None:
        norm = text.norm
        pid = self.snapshot.programme_id
        if intents.asks_mentees(norm):
            return mentor_answer(session, programme_id=pid, asker=asker, mentees=True)
        if intents.asks_mentor(norm):
            return mentor_answer(session, programme_id=pid, asker=asker, mentees=False)
        asked = intents.contact_topic(norm)
        organisers = intents.asks_organisers(intents.programme_named(norm, self._name_words))
        # a contact for a topic, unless the question asks for the organisers and names no
        # topic ("who's behind this? who do I speak to on the programme team?")
        if asked is not None and (self._topical(asked[0]) or not organisers):
            after, before = asked
            found = self._contact_for(after) if self._topical(after) else None
            if not self._topical(before):
                return self._unless_the_faq_may_say(norm, found or self._contact_for(before))
            if found is None or not found.answered:
                # "lost my building pass, who do I tell before the Leeds day?": the topic
                # came first, and what follows the cue only says when
                found = self._contact_for(before)
            # "I'm coeliac, who do I tell?": the asker's situation first, which the FAQ
            # entry that names the contact answers best
            return self._unless_the_faq_may_say(norm, self._with_faq_saying_who(text, found))
        if organisers:
            return organisers_answer(
                session,
                programme_id=pid,
                programme_name=self.snapshot.name,
                contacts=self.snapshot.contacts,
            )
        role = intents.role_asked(norm)  # "who's the clinical lead?"
        holder = None if role is None else self.contacts.by_role(self._concepts_of(role))
        if holder is not None:
            return self._contact_answer(holder)
        # "what's the grading of the ROLP certificate?" names the Route Operations
        # Leadership Programme, not the Ops Academy Helpdesk
        named = self.contacts.named(
            frozenset(text.words) - self._name_words, frozenset(text.concepts)
        )
        if named is not None and (
            intents.asks_contact_details(norm)
            or norm.startswith("who")
            # "what's Rhys's email?", not "what time is the train Rhys booked me on?"
            or (norm.startswith("what") and not checks.expected_kinds(norm))
        ):
            return self._contact_answer(named)
        return None

    @staticmethod
    def _unless_the_faq_may_say(norm: str, found: Answer) -> Answer | None:
        """No contact found for "who covers my caseload while I'm away?": the FAQ entry on
        backfill may say (None), unless a person was asked for ("who do I speak to…?")."""
        if found.answered or intents.asks_whom_to_ask(norm):
            return found
        return None

    @staticmethod
    def _contact_answer(contact: ContactInfo) -> Answer:
        """A contact's details, as the answer to a question about them."""
        return Answer(
            True, contact_line(contact), (Source("contact", contact.name),), 0.9, title=contact.name
        )

    def _with_faq_saying_who(self, text: Text, found: Answer) -> Answer:
        """The FAQ entry that answers the question and names the contact found, with the
        contact's details: "I'm coeliac, who needs to know and by when?" is the entry on
        dietary needs ("tell Kieran two weeks before"), not only Kieran's email."""
        contact = found.sources[0] if found.answered and found.sources else None
        if contact is None or contact.kind != "contact":
            return found
        matches = self.faq.search(self.analyzer.analyse(checks.drop_asides(text.raw)))
        best = matches[0] if matches else None
        if best is None or best.doc.kind != "faq" or best.score < FAQ_THRESHOLD:
            return found
        entry = self._faq_by_slug[best.doc.key]
        if not people_named_in(str(contact.ref), entry.answer):
            return found
        return Answer(
            True,
            f"{entry.answer}\n\n{found.text}",
            (Source("faq", entry.slug), contact),
            min(0.99, best.score),
            title=entry.question,
        )

    def _topical(self, words: str) -> bool:
        """Whether `words` name a topic: anything but generic words and a module's number
        ("I'm vegan, who do I tell *for mod 6*?")."""
        text = self.analyzer.analyse(words)
        named = self.modules.by_number(text)
        module = named.explained if named else frozenset()
        return bool(frozenset(text.concepts) - GENERIC_CONCEPTS - module)

    def _concepts_of(self, words: str) -> frozenset[str]:
        """The topic-bearing concepts of a few words, generic ones left out."""
        return frozenset(self.analyzer.analyse(words).concepts) - GENERIC_CONCEPTS

    def _contact_for(self, topic: str) -> Answer:
        """Who to contact about `topic`: by the contacts' topics, else via the FAQ."""
        about = self.analyzer.analyse(topic)
        concepts = frozenset(about.concepts) - GENERIC_CONCEPTS
        if not concepts and self.snapshot.contacts:
            lines = [contact_line(c) for c in self.snapshot.contacts]
            first = self.snapshot.contacts[0]
            return Answer(
                True,
                "You can contact:\n" + "\n".join(lines),
                (Source("contact", first.name),),
                0.8,
                title="Contacts",
            )
        found = self.contacts.for_topic(concepts, about.rarities(), self.modules.place_concepts)
        if found is None and len(self.snapshot.contacts) == 1:
            only = self.snapshot.contacts[0]
            found = (only, " ".join(about.words) or "that")  # the one contact for everything
        if found is not None:
            contact, topic_name = found
            text = f"For {topic_name}, contact {contact_line(contact)}."
            return Answer(True, text, (Source("contact", contact.name),), 0.9, title=contact.name)
        matches = self.faq.search(about)
        if matches and matches[0].score >= FAQ_THRESHOLD and matches[0].doc.kind == "faq":
            entry = self._faq_by_slug[matches[0].doc.key]
            named = self.contacts.mentioned_in(entry.answer)
            if named is not None:
                text = f"{entry.answer}\n\n{contact_line(named)}"
                return Answer(
                    True,
                    text,
                    (Source("contact", named.name), Source("faq", entry.slug)),
                    0.75,
                    title=named.name,
                )
        return not_answered()

    def _bot_help(self) -> Answer:
        """The programme's own FAQ entry about the bot if it has one, else the built-in help."""
        matches = self.faq.search(self.analyzer.analyse("How do I use this bot?"))
        if matches and matches[0].doc.kind == "faq" and matches[0].phrasing >= 0.5:
            return self._faq_answer(matches[0], self._faq_body(matches[0]))
        return Answer(True, BOT_HELP, (Source("programme"),), 0.9, title="Using Cohort")

    def _programme_calendar(self) -> Answer:
        """The whole programme as one .ics: the caller (Slack, not the CLI) attaches the file.

        Asked for one module's calendar, people get every module: the same file serves both,
        and each module's reminder already carries its own.
        """
        count = len(self.snapshot.modules)
        if count == 0:
            text = f"{self.snapshot.name} has no modules scheduled yet, so there is no calendar."
            return Answer(True, text, (Source("programme"),), 0.9, title="Programme calendar")
        modules = "the module" if count == 1 else f"all {count} modules"
        text = (
            f"Here is {modules} of {self.snapshot.name} as one calendar file (.ics), attached: "
            "open it to add them to Outlook, Google Calendar or Apple Calendar."
        )
        return Answer(
            True, text, (Source("programme"),), 0.95, title="Programme calendar", calendar=True
        )

    # -- modules or FAQ ---------------------------------------------------------------

    def _decide(
        self, text: Text, core: Text | None, ref: ModuleRef | None, matches: list[Match]
    ) -> Answer:
        """Module or FAQ, whichever explains the question better and passes the checks."""
        if len(matches) > 1:  # the entry that explains the question, not merely the top score
            matches = sorted(
                matches,
                key=lambda m: (
                    m.score - 0.5 * self.judge.one(text, self.judge.explained_by(m.doc)).unexplained
                ),
                reverse=True,
            )
        best = matches[0] if matches else None
        faq: tuple[Answer | None, Judgement] | None = None
        if ref is not None and ref.how == "unknown-number":
            best = None  # "when's module 7?" when there are six: say so, whatever else matches
        if best is not None and (
            best.score >= FAQ_THRESHOLD
            or self._clear_lead(text, best, matches)
            # a module named only as context ("will I get put up the night before Leeds?")
            or ((ref is None or not self.modules.aspects(text)) and self._whole_fit(text, best))
        ):
            places = frozenset(text.concepts) & self.modules.place_concepts
            faq = self._faq(text, core, best, self._naming_words(ref) | places)
        module = self._module(text, core, ref) if ref is not None else None
        order = [faq, module]
        if faq is not None and module is not None and ref is not None and best is not None:
            if self._module_named_first(text, ref, best):
                faq_better = faq[1].unexplained + 0.15 < module[1].unexplained
            else:
                faq_better = faq[1].unexplained <= module[1].unexplained + 0.15
            order = [faq, module] if faq_better else [module, faq]
        for candidate in order:
            if candidate is None:
                continue
            answer, _ = candidate
            if answer is not None and (answer.answered or answer.note):
                if candidate is module and ref is not None:
                    return self._with_online_policy(text, ref, answer, matches)
                return answer  # an answer, or a hand-over that says what the data does say
        # a hand-over's confidence is how close the FAQ came: its nearest entry's score
        refusal = not_answered(best.score if best else 0.0)
        return replace(refusal, suggestions=self._suggestions(matches))

    def _with_online_policy(
        self, text: Text, ref: ModuleRef, answer: Answer, matches: list[Match]
    ) -> Answer:
        """ "Can I join the Leeds module on Teams?" of a module with no joining link: what
        the FAQ says about joining online (one module online, recordings, who to tell),
        then the schedule's "no link, in person at…". The policy is what the asker needs
        to decide what to do, so it leads, and the programme's FAQ on it is the source."""
        number = ref.numbers[0] if len(ref.numbers) == 1 else None
        if (
            not answer.answered
            or number is None
            or self.modules.modules[number].online
            or not _speaks_of_joining_online(text)
            or "inperson" in text.words  # "is mod 6 online or in person?": the schedule says
        ):
            return answer
        policy = _entry_on(matches, _speaks_of_joining_online, min_score=SUGGEST_SCORE)
        if policy is None:
            return answer
        entry = self._faq_by_slug[policy.doc.key]
        return replace(
            answer,
            text=f"{entry.answer}\n\n{answer.text}",
            sources=(Source("faq", entry.slug), *answer.sources),
            title=entry.question,
        )

    @staticmethod
    def _naming_words(ref: ModuleRef | None) -> frozenset[str]:
        """The words that named a module by its number or title ("for the *Leeds day*")."""
        if ref is None or ref.how not in ("number", "title", "relative"):
            return frozenset()
        return ref.explained

    def _module_named_first(self, text: Text, ref: ModuleRef, best: Match) -> bool:
        """Whether the module wins unless the FAQ entry explains clearly more.

        A number, a time, or a title with something of the module asked beats an FAQ
        entry that explains no more; a module found only through words of its summary
        does not, nor one named in passing in a question worded as the entry's own.
        """
        said_as_entry = (
            best.phrasing >= SAID_AS_ENTRY
            and ref.how in ("title", "summary")
            and not self.modules.aspects(text) & {"where", "online", "speakers", "about"}
            and "time" not in checks.expected_kinds(text.norm)
        )
        # "what time do the modules start?": the FAQ's usual times, not every module's
        times = "time" in checks.expected_kinds(text.norm) or bool(_TIMES & set(text.words))
        times_of_all = ref.how == "list" and times
        return not (said_as_entry or times_of_all) and (
            ref.strength >= STRONG_REF or self._asks_of_module(text, ref)
        )

    def _clear_lead(self, text: Text, best: Match, matches: list[Match]) -> bool:
        """A lower-scoring entry is still worth judging when both rankers put it first and
        no other entry comes near."""
        runner_up = max((m.score for m in matches[1:]), default=0.0)
        return (
            best.score >= LEAD_SCORE
            and best.score - runner_up >= LEAD_MARGIN
            and self._seconded(text, best)
        )

    def _whole_fit(self, text: Text, best: Match) -> bool:
        """A lower-scoring entry is still worth judging when both rankers put it first and
        it speaks of every word of the question ("is there anything for alumni?" against
        an entry that says so only in its answer), and no module is named."""
        if best.score < WHOLE_FIT_SCORE or not self._seconded(text, best):
            return False
        return self.judge.one(text, self.judge.explained_by(best.doc)).unexplained == 0.0

    def _suggestions(self, matches: list[Match]) -> tuple[Suggestion, ...]:
        """The FAQ entries that came closest, offered beside the hand-over, best first.

        Measured on the benchmark (`bench/answers.py`): for about three in four answerable
        questions the bot hands on, the right entry is among these (at most three).
        """
        slugs = [m.doc.key for m in matches if m.doc.kind == "faq" and m.score >= SUGGEST_SCORE]
        entries = [self._faq_by_slug[slug] for slug in dict.fromkeys(slugs)]
        return tuple(Suggestion(e.slug, e.question) for e in entries[:MAX_SUGGESTIONS])

    def _asks_of_module(self, text: Text, ref: ModuleRef) -> bool:
        """A module named by its title and something of it asked: "what do I bring to the
        money one?", "when is the showcase?"."""
        return ref.how == "title" and bool(self.modules.aspects(text))

    def _faq(
        self, text: Text, core: Text | None, best: Match, context: frozenset[str] = frozenset()
    ) -> tuple[Answer, Judgement]:
        """The FAQ (or summary) answer, or a refusal saying how sure it would have been."""
        seconded = self._seconded(text, best)
        explained = self.judge.explained_by(best.doc)
        body = self._faq_body(best)
        kinds = checks.expected_kinds(text.norm)
        if "sum" in kinds and checks.provides(body, {"sum"}):
            explained |= _COST  # "what's the mileage rate?" "45p a mile" is the rate
        judgement = self.judge.one(text, explained)
        anchor = (explained & frozenset(text.concepts)) - FRAMING
        # `context` says when or where ("for the Leeds day", "for Coventry"), not what is
        # asked: it counts as explained once both rankers agree on the entry
        fit = self.judge.fit(text, core, explained | context if seconded else explained, anchor)
        if (
            not (
                self.judge.acceptable(fit)
                or (seconded and self.judge.acceptable_seconded(fit, best.score))
            )
            or (self.judge.belongs_elsewhere(text, best) and not seconded)
            or (not anchor and best.phrasing < VAGUE_PHRASING)
            or self.judge.focus_unexplained(text, explained)
            or not self.judge.names_the_one_asked(text, body)
            or not self.judge.says_what_exists(text, best.doc)
            or self.judge.says_it_only_as_paid(text, best.doc)
            or not self.judge.counts_what_is_asked(text, body)
            or not checks.says_who_may_come(text.norm, body)
            or checks.asks_members(text.norm)
            or checks.asks_own_place(text.norm)
            or not checks.gives_the_name(text.norm, body)
            or not self._fills_role(text, body)
            or not checks.provides(
                body, kinds, recurring=checks.asks_recurring(text.norm), people=self._named
            )
            or (best.doc.kind == "programme" and (kinds or text.words[0] in _NOT_ABOUT))
        ):
            return not_answered(best.score), judgement
        return self._faq_answer(best, body), judgement

    def _fills_role(self, text: Text, body: str) -> bool:
        """For "who will be my ILM assessor?", whether the answer names the assessor."""
        stem = checks.role_wanted(text.norm)
        return stem is None or checks.names_the_role(body, stem, self._named)

    def _seconded(self, text: Text, best: Match) -> bool:
        """Whether plain BM25, on the question's own words, ranks the same entry first."""
        return best.doc.kind == "faq" and self.plain.best(text.raw) == best.doc.key

    def _module(self, text: Text, core: Text | None, ref: ModuleRef) -> tuple[Answer, Judgement]:
        """The module answer for a reference (or a refusal), and how much it explains."""
        anchor = ref.explained  # the words that named the module (framing ones too)
        if ref.how == "unknown-number":
            numbers = sorted(self.modules.modules)
            span = f"{numbers[0]} to {numbers[-1]}" if numbers else "none"
            explained = ref.explained | ALL_ASPECT_CONCEPTS | self._name_concepts
            note = f"There is no Module {ref.numbers[0]}: the modules are numbered {span}."
            answer = Answer(True, note, (), 0.8, title="Modules")  # told, then handed on
        elif ref.how == "list":
            sources = (Source("programme"), *(Source("module", n) for n in ref.numbers))
            explained = ref.explained | ALL_ASPECT_CONCEPTS
            answer = Answer(True, self.modules.listing(), sources, ref.strength, title="Modules")
        else:
            number = ref.numbers[0]
            aspects = self.modules.aspects(text)
            if self._beyond_the_schedule(text, aspects) or self._asks_time_of_part(
                text, aspects, number
            ):
                return not_answered(ref.strength), self.judge.one(text, ref.explained)
            if ref.how == "summary" and (not aspects or checks.role_wanted(text.norm)):
                # found only through a word of its summary ("does my CFO get told what I say
                # in the sessions?"), and nothing about the module is asked, or a role its
                # speakers do not hold ("who is the facilitator for my action learning set?")
                return not_answered(ref.strength), self.judge.one(text, ref.explained)
            explained = ref.explained | ALL_ASPECT_CONCEPTS | self._name_concepts
            explained |= self.modules.text_of(number) | self.modules.days_named(text, number)
            if "online" in aspects:
                explained |= _TRAVELLING  # "dial in rather than travel": the other way
            if self.modules.venue_of(number) & frozenset(text.concepts):
                aspects.add("where")
            reply, complete = self.modules.describe(number, aspects)
            if ref.note:
                reply = f"{ref.note} {reply}"
            answer = Answer(
                complete, reply, (Source("module", number),), ref.strength, title=f"Module {number}"
            )
        judgement = self.judge.one(text, explained)
        fit = self.judge.fit(text, core, explained, anchor)
        if ref.how == "relative" and core is not None and self._asks_only_of_it(core, explained):
            fit = min(fit, self.judge.one(core, explained), key=lambda j: j.unexplained)
        if (
            not answer.answered
            or not self.judge.acceptable(fit, MAX_UNEXPLAINED_MODULE)
            or self.judge.focus_unexplained(text, explained)
        ):
            return not_answered(answer.confidence), judgement
        confidence = answer.confidence * (1.0 - 0.5 * fit.unexplained)
        if ref.how == "unknown-number":
            # Not an answer: the asker may know of a session the programme data lacks, so
            # the organisers get the question, and the asker what the schedule does say.
            return not_answered(confidence, note=answer.text), judgement
        return replace(answer, confidence=confidence), judgement

    def _asks_only_of_it(self, core: Text, explained: frozenset[str]) -> bool:
        """ "I missed yesterday's session, what was it about?", "sim day tomorrow!! what
        time do we start?": the asking part asks only what the schedule says of the
        module the rest of the question points to, so the rest is context."""
        return bool(self.modules.aspects(core)) and frozenset(core.concepts) <= explained

    @staticmethod
    def _beyond_the_schedule(text: Text, aspects: set[str]) -> bool:
        """Whether a question naming a module asks what the schedule cannot say.

        What to do ("I'm on call for the money module, what do I do?"); permission that
        is not about when, where or online, or is about missing it ("can I skip the
        Taunton day?"); a person's name when no speaker is asked for ("which directors sit
        on the showcase panel?", but not "who's running the mock deep dive?").
        """
        permission = checks.asks_permission(text.norm) and (
            not aspects & {"online", "where", "when"} or _MISS in text.concepts
        )
        a_name = (
            "person" in checks.expected_kinds(text.norm)
            and "speakers" not in aspects
            and "who" not in text.words
        )
        # "can I dial in to module 2 rather than travel?" asks whether there is a link
        online_instead = "online" in aspects and checks.asks_online_instead(text.norm)
        advice = checks.asks_advice(text.norm) and not online_instead
        return advice or permission or a_name or checks.asks_members(text.norm)

    def _asks_time_of_part(self, text: Text, aspects: set[str], number: int) -> bool:
        """ "What time does the closing dinner start?": the schedule has the module's
        times, not those of a dinner or a lunch within it (unless that is its title)."""
        if "when" not in aspects:
            return False
        parts = frozenset(concept(w) for w in text.words if w in lexicon.MODULE_PARTS)
        return bool(parts - self.modules.title_of(number))

    def _faq_body(self, match: Match) -> str:
        if match.doc.kind == "programme":
            return self.snapshot.summary or ""
        return self._faq_by_slug[match.doc.key].answer

    def _about(self, confidence: float) -> Answer:
        """What the programme is: the organisers' own FAQ entry on it, or its summary."""
        entry = self._about_entry
        if entry is not None:
            return Answer(
                True, entry.answer, (Source("faq", entry.slug),), confidence, title=entry.question
            )
        summary = (self.snapshot.summary or "").strip()
        return Answer(True, summary, (Source("programme"),), confidence, title=self.snapshot.name)

    def _faq_answer(self, match: Match, body: str) -> Answer:
        confidence = min(0.99, match.score)
        if match.doc.kind == "programme":
            return self._about(confidence)
        entry = self._faq_by_slug[match.doc.key]
        return Answer(True, body, (Source("faq", entry.slug),), confidence, title=entry.question)
