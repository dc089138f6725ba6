"""Schedule questions: which module a question is about, which part of it, and the reply.

A module can be named by number ("module 3", "mod 3", "m3", "the third module"), by
time relative to when the question is asked ("next", "tomorrow's", "the last one"), or
by its title or a loose paraphrase of it ("the politics one", "the residential", "the
Wolverhampton module"): the concepts of the question are compared with each module's
title (most weight), venue, speakers and summary, weighted by how few modules share
them. Dates and times are written in the programme's timezone the UK way (`timefmt`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.answering import lexicon
from bot.answering.retrieval import GENERIC_CONCEPTS
from bot.answering.snapshot import ModuleInfo
from bot.answering.text import Analyzer, Text, concept, english_rarity
from bot.timefmt import format_span, local

# the nouns that name a session ("the budgets twilight": an after-school session)
MODULE_NOUNS = frozenset(
    lexicon.words(
        "module modules session sessions one workshop residential residentials twilight twilights"
    )
)
_RELATIVE = frozenset(
    {"next", "upcoming", "last", "previous", "final", "latest", "recent", "current"}
)
_MONTHS = {name: number for number, names in enumerate(lexicon.MONTHS, 1) for name in names}
_BEFORE_MAY = frozenset({"in", "of", "early", "mid", "late", "end", "start", "during"})
_WEEK = frozenset({"week", "wk"})
_COMES = frozenset({"comes", "come", "coming", "happens", "happening"})
# "the next face to face one" (the lexicon says "inperson"): the modules held that way
_MODES: dict[str, Callable[[ModuleInfo], bool]] = {
    "inperson": lambda m: bool(m.venue),
    "online": lambda m: bool(m.online),
}
_WEEKS_AWAY = {"this": 0, "next": 1, "last": -1}  # "this week", "next week", "last week"
_PAST = frozenset({"was", "were", "did", "had", "happened", "covered", "spoke", "ago", "went"})
ASPECT_CONCEPTS = {
    name: frozenset(concept(w) for w in words) for name, words in lexicon.ASPECTS.items()
}
ALL_ASPECT_CONCEPTS = frozenset().union(*ASPECT_CONCEPTS.values())
_FRAMING_CONCEPTS = frozenset(concept(w) for w in lexicon.FRAMING)
_ONLINE = concept("online")
_DURATION_UNITS = frozenset(
    lexicon.words("day days night nights week weeks hour hours hr hrs morning afternoon")
)
# a venue's word this rare in English is a place's name ("Filton"), not "centre" or "hall"
PLACE_RARITY = 0.9
_DAY_OF_MONTH = re.compile(r"([1-9]|[12][0-9]|3[01])(st|nd|rd|th)")
# what naming any module explains: its nouns, but not "residential", which says something
# of the module (it is overnight) that a day module does not explain
_MODULE_CONCEPTS = frozenset(concept(w) for w in MODULE_NOUNS - {"residential", "residentials"})
# three or more capitalised words in a row ("Provider Selection Regime"), not "The"
_CAPITALISED_RUN = re.compile(r"\b(?!The )[A-Z][a-z]+(?: [A-Z][a-z]+){2,}")


def title_acronyms(title: str) -> list[str]:
    """The initials of three or more capitalised words in a title, as people say them
    ("the PSR session" is "The Procurement Act and the *Provider Selection Regime*"),
    unless they spell an everyday word."""
    found = ("".join(w[0] for w in run.split()).lower() for run in _CAPITALISED_RUN.findall(title))
    return [a for a in found if english_rarity(a) >= PLACE_RARITY]


def titled(module: ModuleInfo) -> str:
    """A module's title with its acronyms, as a question may name it."""
    return " ".join([module.title, *title_acronyms(module.title)])


@dataclass(frozen=True)
class ModuleRef:
    """The module(s) a question is about, how they were named, and how sure that is."""

    numbers: tuple[int, ...]
    how: str  # number | relative | title | summary | list | unknown-number | follow-up
    strength: float
    explained: frozenset[str]  # question concepts this reference accounts for
    note: str | None = None  # said before the answer ("There is no module tomorrow.")


@dataclass(frozen=True)
class _ModuleText:
    info: ModuleInfo
    title: frozenset[str]
    other: frozenset[str]  # venue, speakers, summary, preparation
    venue: frozenset[str]


class _Candidate(NamedTuple):
    """A module a question may name by its words, and how strongly."""

    strength: float
    evidence: float  # breaks ties between equally strong candidates
    how: str  # "title" or "summary"
    text: _ModuleText


class ModuleTable:
    """The programme's modules, ready to be found by number, time or paraphrase."""

    def __init__(self, modules: Sequence[ModuleInfo], analyzer: Analyzer, timezone: str) -> None:
        self.timezone = timezone
        self.modules = {m.number: m for m in modules}
        self._analyzer = analyzer
        self._texts = []
        only_online = [m.number for m in modules if m.online and not m.venue]
        self._only_online = frozenset(only_online if len(only_online) == 1 else ())
        for m in modules:

            def concepts(text: str | None) -> frozenset[str]:
                if not text:
                    return frozenset()
                return frozenset(analyzer.analyse(text, correct=False).concepts)

            venue = concepts(m.venue)
            other = venue | concepts(" ".join(m.speakers)) | concepts(m.summary)
            other |= concepts(m.prepare)
            self._texts.append(
                _ModuleText(info=m, title=concepts(titled(m)), other=other, venue=venue)
            )
        counts: Counter[str] = Counter()
        title_counts: Counter[str] = Counter()
        for t in self._texts:
            counts.update(t.title | t.other)
            title_counts.update(t.title)
        self._shared_title_concepts = frozenset(c for c, n in title_counts.items() if n > 1)
        self._title_concepts = frozenset(title_counts)
        self.venue_concepts = frozenset().union(*(t.venue for t in self._texts))
        # the places among them ("Filton", "Coventry"), not a venue's common words
        # ("centre", "hall"): a question naming one says where, not what is asked
        self.place_concepts = frozenset(
            concept(w)
            for m in modules
            for w in analyzer.analyse(m.venue or "", correct=False).words
            if w.isalpha() and english_rarity(w) >= PLACE_RARITY
        )
        n = max(len(self._texts), 1)
        self._idf = {c: math.log(1 + n / df) for c, df in counts.items()}

    def _w(self, c: str) -> float:
        if c in GENERIC_CONCEPTS or c in ALL_ASPECT_CONCEPTS or c in _FRAMING_CONCEPTS:
            return 0.0
        return self._idf.get(c, 0.0)

    def _text(self, number: int) -> _ModuleText | None:
        return next((t for t in self._texts if t.info.number == number), None)

    def text_of(self, number: int) -> frozenset[str]:
        """Every concept of one module's title, venue, speakers, summary and preparation."""
        t = self._text(number)
        return t.title | t.other if t else frozenset()

    def title_of(self, number: int) -> frozenset[str]:
        t = self._text(number)
        return t.title if t else frozenset()

    def venue_of(self, number: int) -> frozenset[str]:
        t = self._text(number)
        return t.venue if t else frozenset()

    # -- finding the module ---------------------------------------------------------

    def resolve(self, question: Text, at: datetime) -> ModuleRef | None:
        """The module(s) the question names, or None when it names none."""
        return (
            self._next_after(question, at)
            or self.by_number(question)
            or self._relative(question, at)
            or self._by_title(question, at)
            or self._listing(question)
        )

    def _next_after(self, question: Text, at: datetime) -> ModuleRef | None:
        """ "What's next after the civility session?", "the next module after Glasgow":
        the module held after the one named."""
        words = question.words
        if "next" not in words or "after" not in words[words.index("next") :]:
            return None
        named_words = list(words[words.index("after", words.index("next")) + 1 :])
        if not set(named_words) & MODULE_NOUNS:
            named_words.append("module")  # "after Glasgow" is the Glasgow module
        named_text = self._analyzer.analyse(" ".join(named_words), correct=False)
        named = self.by_number(named_text) or self._by_title(named_text, at)
        if named is None or len(named.numbers) != 1 or named.numbers[0] not in self.modules:
            return None
        ordered = [m.number for m in sorted(self.modules.values(), key=lambda m: m.starts_at)]
        following = ordered.index(named.numbers[0]) + 1
        if following == len(ordered):
            return None
        said = {concept(w) for w in words if w in _COMES}  # "what comes next after…?"
        explained = named.explained | said | {concept("next"), concept("after")}
        return ModuleRef((ordered[following],), "relative", 1.0, frozenset(explained))

    def by_number(self, question: Text) -> ModuleRef | None:
        """The module named by its number ("module 3", "mod 3", "the third module")."""
        words = question.words
        for i, word in enumerate(words):
            number: int | None = None
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i > 0 else ""
            then = words[i + 2] if i + 2 < len(words) else ""
            if (
                word in ("module", "session")
                and (after.isdigit() or after in lexicon.NUMBER_WORDS)
                # "the investigations module, one day or two?" (but "is module 5 morning?")
                and (after.isdigit() or then not in _DURATION_UNITS)
            ):
                number = int(after) if after.isdigit() else lexicon.NUMBER_WORDS[after]
            elif len(word) <= 3 and word[0] == "m" and word[1:].isdigit():
                number = int(word[1:])
            elif word.startswith("module") and word[6:].isdigit():
                number = int(word[6:])
            elif word in lexicon.ORDINALS and (after in MODULE_NOUNS or before == "module"):
                number = lexicon.ORDINALS[word]
                if word == "first" and self.modules:
                    number = min(self.modules)
            if number is None:
                continue
            explained = _MODULE_CONCEPTS | {str(number), concept(word), concept(after)}
            if number not in self.modules:
                return ModuleRef((number,), "unknown-number", 1.0, explained)
            return ModuleRef((number,), "number", 1.0, explained)
        return None

    @staticmethod
    def _span(words: Sequence[str], today: date) -> tuple[str, date, date] | None:
        """The days a question names relative to today, as (what it said, first, last):
        "tomorrow's session", "anything on this week?", "what's happening next week?"
        (weeks run Monday to Sunday). "Good day yesterday! When's the next one?" asks
        about the next one, so a day word beside "next" names nothing."""
        word_set = set(words)
        for day_word, offset in (("today", 0), ("tonight", 0), ("tomorrow", 1), ("yesterday", -1)):
            if day_word in word_set and "next" not in word_set:
                day = today + timedelta(days=offset)
                return day_word, day, day
        for before, week in itertools.pairwise(words):
            if week in _WEEK and before in _WEEKS_AWAY:
                monday = today + timedelta(days=7 * _WEEKS_AWAY[before] - today.weekday())
                return f"{before} week", monday, monday + timedelta(days=6)
        return None

    def _relative(self, question: Text, at: datetime) -> ModuleRef | None:
        words = question.words
        word_set = set(words)
        ordered = sorted(self.modules.values(), key=lambda m: m.starts_at)
        if not ordered:
            return None
        today = local(at, self.timezone).date()
        explained = set(_MODULE_CONCEPTS)
        span = self._span(words, today)
        if span is not None:
            said, first, last = span
            explained |= {concept(w) for w in said.split()}
            within = [
                m
                for m in ordered
                if local(m.starts_at, self.timezone).date() <= last
                and first <= local(m.ends_at, self.timezone).date()
            ]
            if within:
                return ModuleRef((within[0].number,), "relative", 1.0, frozenset(explained))
            if last < today:
                nearest = [m for m in ordered if m.starts_at <= at][-1:]
                note = f"There was no module {said}; the last one is below."
            else:
                nearest = [m for m in ordered if m.starts_at > at][:1]
                note = f"There is no module {said}; the next one is below."
            # "heading up to Leeds tomorrow" names no module, but "what's on next week?"
            # asks for one
            if not nearest or (first == last and not set(words) & MODULE_NOUNS):
                return None
            return ModuleRef((nearest[0].number,), "relative", 0.9, frozenset(explained), note=note)
        for i, word in enumerate(words):
            # "what's first up?", "what's first on the programme?"
            if word == "first" and i + 1 < len(words) and words[i + 1] in ("up", "on"):
                explained |= {concept(word), str(lexicon.ORDINALS[word])}  # "first" is "1"
                return ModuleRef((ordered[0].number,), "relative", 1.0, frozenset(explained))
            if word not in _RELATIVE:
                continue
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i > 0 else ""
            at_end = i == len(words) - 1
            pool = ordered
            # "where's the next face to face one?", "when's the next online session?"
            if after in _MODES and i + 2 < len(words) and words[i + 2] in MODULE_NOUNS:
                explained.add(concept(after))
                pool = [m for m in ordered if _MODES[after](m)]
                after = words[i + 2]
            # "what's next (on the programme)?", "what's coming up next?"
            next_up = word == "next" and (at_end or before in ("what", "is", "up"))
            # "what did we cover last time?", "when do we meet next time?"
            last_time = word in ("last", "next") and after == "time"
            if after not in MODULE_NOUNS and not next_up and not last_time:
                continue
            explained.add(concept(word))
            if not pool:
                return None
            past = [m for m in pool if m.starts_at <= at]
            future = [m for m in pool if m.starts_at > at]
            chosen: ModuleInfo | None
            if word in ("next", "upcoming"):
                chosen = future[0] if future else None
                if chosen is None:
                    return ModuleRef(
                        (pool[-1].number,),
                        "relative",
                        0.9,
                        frozenset(explained),
                        note="There are no more modules; the last one was:",
                    )
            elif word == "current":
                running = [m for m in past if m.ends_at >= at]
                chosen = running[0] if running else (future[0] if future else pool[-1])
            elif word == "final" or (word == "last" and not (word_set & _PAST) and not last_time):
                chosen = pool[-1]
            else:  # previous, latest, recent, or "last" asked in the past tense
                chosen = past[-1] if past else None
                if chosen is None:
                    return None
            return ModuleRef((chosen.number,), "relative", 1.0, frozenset(explained))
        return None

    def _listing(self, question: Text) -> ModuleRef | None:
        """ "What are the module dates?", "list the modules", "how many modules are there?" """
        words = set(question.words)
        plural = bool(words & {"modules", "sessions"})
        asks_all = bool(words & {"all", "list", "schedule", "timetable", "overview"})
        when_or_where = bool(words & (lexicon.ASPECTS["when"] | lexicon.ASPECTS["where"]))
        many = "many" in words and "how" in words and bool(words & {"modules", "module"})
        module_dates = "module" in words and bool(words & {"dates", "schedule", "timetable"})
        if not (
            (plural and (when_or_where or asks_all))
            or many
            or module_dates
            or (asks_all and "module" in words)
        ):
            return None
        numbers = tuple(sorted(self.modules))
        explained = _MODULE_CONCEPTS | frozenset(
            concept(w) for w in ("list", "schedule", "timetable", "dates", "many", "all")
        )
        return ModuleRef(numbers, "list", 0.9, explained)

    def _by_title(self, question: Text, at: datetime) -> ModuleRef | None:
        """A module named by (most of) its title, its venue, or distinctive words of its
        summary ("the residential", "the graduation module")."""
        query = frozenset(question.concepts)
        noun = bool(set(question.words) & MODULE_NOUNS)
        aspects = self.aspects(question)
        asked = sum(self._w(c) for c in query)
        candidates: list[_Candidate] = []
        for t in self._texts:
            # how much of the title is named, and how much of what is named is the title
            title_weight = max(sum(self._w(c) for c in t.title), asked)
            cover = sum(self._w(c) for c in query & t.title) / title_weight if title_weight else 0
            own = (query & t.title) - self._shared_title_concepts
            # "the policing module" names the module with policing in its title, not the
            # one held at the police headquarters
            venue = sum(self._w(c) for c in query & t.venue - self._title_concepts)
            single = bool(set(question.words) & {"module", "one", "session"})
            if single and _ONLINE in query and t.info.number in self._only_online:
                venue = max(venue, 1.0)  # "the online module", when one module is online only
            other = sum(self._w(c) for c in (query & t.other) - t.title - t.venue)
            pointed = noun or bool(aspects)
            how = "title"
            if cover >= 0.75 or (cover >= 0.5 and pointed):
                strength = 0.75 + 0.2 * cover  # named by its title
            elif venue and (noun or aspects & {"when", "where", "online"}):
                strength = 0.9  # "when do we go to Wolverhampton?", "link for the online one"
            elif (own or venue) and pointed:
                strength = 0.8  # "the finance module", "the Wolverhampton module"
            elif other and (noun or aspects & {"when", "where", "speakers"}):
                # "the residential", "the graduation one": below any module named by title
                strength = 0.6 + 0.1 * min(other, 1.9)
                how = "summary"
            else:
                continue
            evidence = cover + 0.35 * min(venue, 2.0) + 0.35 * other
            candidates.append(_Candidate(strength, evidence, how, t))
        if not candidates:
            return None
        in_month = [
            c
            for c in candidates
            if self._in_named_month(question, c.text.info)
            or self.days_named(question, c.text.info.number)
        ]
        if in_month:  # "the residential in September", "the launch on the 26th"
            candidates = [c._replace(strength=max(c.strength, 0.9)) for c in in_month]
        candidates.sort(key=lambda c: (c.strength, c.evidence), reverse=True)
        strength, evidence, how, text = candidates[0]
        tied = [c.text for c in candidates
                if c.strength == strength and evidence - c.evidence < 0.2]  # fmt: skip
        if len(tied) > 1:
            if strength < 0.8:
                return None  # a summary word shared by several modules names none of them
            upcoming = [t for t in tied if t.info.starts_at > at]
            text = min(upcoming, key=lambda t: t.info.starts_at) if upcoming else tied[-1]
        matched = query & (text.title | text.other)
        matched |= self.days_named(question, text.info.number)  # "the 26th": its day
        return ModuleRef((text.info.number,), how, strength, matched | _MODULE_CONCEPTS)

    def _in_named_month(self, question: Text, info: ModuleInfo) -> bool:
        """Whether the question names the month the module starts or ends in."""
        words = question.words
        named = {
            _MONTHS[w]
            for i, w in enumerate(words)
            # "may" is a month only after "in", "of", "early"… ("may I bring…" is not)
            if w in _MONTHS and (w != "may" or (i > 0 and words[i - 1] in _BEFORE_MAY))
        }
        months = {local(t, self.timezone).month for t in (info.starts_at, info.ends_at)}
        return bool(named & months)

    def days_named(self, question: Text, number: int) -> frozenset[str]:
        """The days of the month the question names ("on the 26th") that the module runs on."""
        info = self.modules.get(number)
        named = {w: int(m.group(1)) for w in question.words if (m := _DAY_OF_MONTH.fullmatch(w))}
        if info is None or not named:
            return frozenset()
        first = local(info.starts_at, self.timezone).date()
        last = local(info.ends_at, self.timezone).date()
        days = {(first + timedelta(days=n)).day for n in range((last - first).days + 1)}
        return frozenset(w for w, day in named.items() if day in days)

    # -- what is asked, and the reply ------------------------------------------------

    @staticmethod
    def aspects(question: Text) -> set[str]:
        """The parts of a module the question asks about (when, where, online, …)."""
        words = set(question.words)
        found = {name for name, vocab in lexicon.ASPECTS.items() if words & (vocab - {"who"})}
        if "who" in words and words & MODULE_NOUNS:
            found.add("speakers")
        said = question.words
        if said and said[0] == "what" and said[-1] in MODULE_NOUNS:
            found.add("about")  # "what's the twilight module?"
        if said[:1] in (("which",), ("what",)) and said[1:2] and said[1] in MODULE_NOUNS:
            found.add("about")  # "which module is the fly-tipping stuff in?"
        return found

    def describe(self, number: int, aspects: set[str]) -> tuple[str, bool]:
        """The reply about one module, and whether it says what was asked."""
        m = self.modules[number]
        name = f"Module {m.number}, {m.title},"
        span = format_span(m.starts_at, m.ends_at, self.timezone)
        place = f" at {m.venue}" if m.venue else (" online" if m.online else "")
        lines: list[str] = []
        complete = True
        # "no online joining link: it is in person at … on …" says when and where too
        no_link = "online" in aspects and not m.online
        if (not aspects or aspects & {"when", "where"}) and not no_link:
            lines.append(f"{name} is on {span}{place}.")
            if m.online and m.venue and "where" in aspects:
                lines.append(f"Joining link: {m.online}")
        if "online" in aspects:
            if m.online:
                lines.append(f"The joining link for Module {m.number}, {m.title}, is {m.online}")
            else:
                where = f" at {m.venue}" if m.venue else ""
                lines.append(
                    f"Module {m.number}, {m.title}, has no online joining link: it is in "
                    f"person{where} on {span}."
                )
        if "about" in aspects:
            if m.summary:
                lines.append(f"Module {m.number}, {m.title} ({span}): {m.summary}")
            else:
                lines.append(f"{name} is on {span}.")
        if "prepare" in aspects:
            if m.prepare:
                lines.append(f"To prepare for Module {m.number}, {m.title} ({span}): {m.prepare}")
            else:
                complete = False
        if "speakers" in aspects:
            if m.speakers:
                lines.append(f"Speakers at Module {m.number}, {m.title}: {', '.join(m.speakers)}.")
            else:
                complete = False
        if not lines:
            lines.append(f"{name} is on {span}{place}.")
        return " ".join(dict.fromkeys(lines)), complete

    def listing(self) -> str:
        """Every module, one line each."""
        lines = [f"The programme has {len(self.modules)} modules:"]
        for m in sorted(self.modules.values(), key=lambda m: m.number):
            span = format_span(m.starts_at, m.ends_at, self.timezone)
            place = f", {m.venue}" if m.venue else (", online" if m.online else "")
            lines.append(f"• Module {m.number}, {m.title}: {span}{place}")
        return "\n".join(lines)
