"""From a question as typed to the words and concepts the answerer compares.

Three steps, each with a well-kept library: typos are corrected towards the programme's
own words with rapidfuzz (a word English already knows, by pyspellchecker's dictionary,
is left alone, so "dog" never becomes "do"); words are stemmed with Snowball
(PyStemmer); stems are folded into the synonym groups of `lexicon`. The result is a
`Text`: the corrected words (for patterns such as "who is my mentor"), the concepts
(for retrieval and for knowing what a question asks that nothing answers) and, for a
question, how rare each concept's word is in general English (pyspellchecker's word
frequencies): a word the programme never uses counts as much as it says.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from bot.answering import lexicon

# An English word rarer than this ("calender") is taken as a typo when a programme
# word is one edit away; a commoner one ("clicking") never is.
RARE = 500
# How surprising a word is in general English (natural log of its inverse relative
# frequency in pyspellchecker's list): "every" is about 7, "gym" 11, "creche" over 13.
COMMON_SURPRISE = 7.0
RARE_SURPRISE = 13.0
MIN_RARITY = 0.15
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_PHRASES = tuple((re.compile(pattern), repl) for pattern, repl in lexicon.PHRASES)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")  # "NHSE": typed as an acronym, not a word
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # "PAs", "GPs": the plural of "PA", "GP"


# a capitalised word that does not start the text or a sentence
_PROPER_NOUN = re.compile(r"(?<![.!?:]\s)(?<!^)(?<![.!?:])\b[A-Z][a-z]{2,}\b")


def _proper_nouns(text: str) -> frozenset[str]:
    """Capitalised words inside a sentence ("a charge to Northumberland"): places and
    names, which say where or who, not what is asked."""
    return frozenset(w.lower() for w in _PROPER_NOUN.findall(text.strip()))


def _rarity(word: str, names: frozenset[str]) -> float:
    """How much a question's word says: a place or name as little as a common word."""
    if word in names or word in lexicon.ASKING_WORDS:
        return MIN_RARITY
    return english_rarity(word) if word.isalpha() else 1.0


@dataclass(frozen=True)
class Text:
    """One piece of text, analysed: corrected words, and the concepts that carry meaning."""

    raw: str
    norm: str  # lower case, phrases rewritten, typos corrected, words joined by spaces
    words: tuple[str, ...]
    concepts: tuple[str, ...]  # topic-bearing concepts, in order, stopwords left out
    rarity: tuple[float, ...] = ()  # per concept: how informative its word is in English

    def rarities(self) -> dict[str, float]:
        """Each concept's English rarity (the least rare of the words that gave it)."""
        found: dict[str, float] = {}
        for c, r in zip(self.concepts, self.rarity, strict=False):
            found[c] = min(r, found.get(c, r))
        return found


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@cache
def _english() -> SpellChecker:
    """pyspellchecker's English word list: loaded once per process (about 0.2 s)."""
    return SpellChecker(language="en", distance=1)


@cache
def stem(word: str) -> str:
    """The Snowball stem of one word."""
    return str(_stemmer().stemWord(word))


@cache
def _synonym_map() -> dict[str, str]:
    """Stem of every synonym → the stem of its group's name."""
    mapping: dict[str, str] = {}
    for group in lexicon.SYNONYMS:
        head = stem(group[0])
        for word in group:
            mapping[stem(word)] = head
    return mapping


@lru_cache(maxsize=50_000)  # a long-running bot meets endless new words
def english_rarity(word: str) -> float:
    """How much a word says in general English, from MIN_RARITY ("every", "happen",
    "away") to 1 ("creche", "overtime").

    A question word the programme never uses is weighed by this: a common word is
    mostly phrasing ("on top of the day job"), a rare one mostly a topic of its own
    ("is there a creche?").
    """
    frequencies = _english().word_frequency
    count = max(frequencies[w] for form in _base_forms(word) for w in _american(form))
    surprise = math.log(frequencies.total_words / (count + 1))
    share = (surprise - COMMON_SURPRISE) / (RARE_SURPRISE - COMMON_SURPRISE)
    return min(1.0, max(MIN_RARITY, share))


_INFLECTIONS = (
    ("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
    ("d", ""),
)  # fmt: skip


def _base_forms(word: str) -> list[str]:
    """The word and the forms it may be inflected from ("answers" → "answer")."""
    forms = [word]
    for ending, base in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + base)
    return forms


def concept(word: str) -> str:
    """The concept a (corrected) word stands for: its stem, folded into its synonym group."""
    stemmed = stem(lexicon.LEMMAS.get(word, word))
    return _synonym_map().get(stemmed, stemmed)


@cache
def lexicon_words() -> frozenset[str]:
    """Every word the lexicon itself knows: never "corrected" into something else."""
    words: set[str] = set(lexicon.STOPWORDS) | set(lexicon.GENERIC)
    words |= set(lexicon.SPELLING.values()) | set(lexicon.ORDINALS) | set(lexicon.NUMBER_WORDS)
    for group in lexicon.SYNONYMS:
        words.update(w for w in group if " " not in w)
    for aspect_words in lexicon.ASPECTS.values():
        words |= aspect_words
    return frozenset(words)


_BRITISH = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("our", "or"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("lled", "led"),
    ("lling", "ling"),
)


def _compound(longer: str, prefix: int) -> bool:
    """Whether `longer` is the prefix joined to another word: "home" is not short for
    "homework", though "exec" is for "executive" and "pray" for "prayer"."""
    rest = longer[prefix:]
    return len(rest) >= 3 and rest in _english()


def _american(word: str) -> list[str]:
    """The word and its American spellings: the dictionary is American English."""
    forms = [word]
    for british, american in _BRITISH:
        if british in word:
            forms.append(word.replace(british, american))
    return forms


# an acronym as typed ("my HoS", "a CP", "our TMs"), its plural "s" left out
_ACRONYM = re.compile(r"\b[A-Z][a-z]?[A-Z]{1,3}(?=s?\b)")
_BETWEEN_INITIALS = frozenset(("of", "and", "for", "the", "in", "to"))


def _standing_for(acronym: str, words: Sequence[str]) -> set[tuple[str, ...]]:
    """The runs of two to four words whose initials spell `acronym` ("head of service"
    for "hos", "crown prosecutors" for "cp"), with or without the small words between."""
    found: set[tuple[str, ...]] = set()
    for i, first in enumerate(words):
        if first[:1] != acronym[0] or first in _BETWEEN_INITIALS or not first.isalpha():
            continue
        content = [first]
        initials, all_initials = first[0], first[0]
        for word in words[i + 1 : i + 6]:
            if not word.isalpha():
                break
            all_initials += word[0]
            if word not in _BETWEEN_INITIALS:
                content.append(word)
                initials += word[0]
                if acronym in (initials, all_initials):
                    found.add(tuple(content))
            if not acronym.startswith((initials, all_initials)):
                break
    return found


def _one_meaning(phrases: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The phrase, when all of them mean the same ("head of service", "heads of service")."""
    meanings = {tuple(concept(w) for w in p) for p in phrases}
    return min(phrases) if len(meanings) == 1 else None


@lru_cache(maxsize=8192)
def _prepare(text: str) -> str:
    """Lower case, plain apostrophes and dashes, accents kept, phrases rewritten.

    Cached: a programme's texts are prepared for several indexes, and building them is
    most of the one-off load (bench/answers.py measures it).
    """
    text = _ACRONYM_PLURAL.sub(r"\1", unicodedata.normalize("NFKC", text))
    text = text.translate(_APOSTROPHES).lower()
    text = " ".join(text.replace("&", " and ").split())
    for pattern, repl in _PHRASES:
        text, changed = pattern.subn(repl, text)
        if changed:
            text = " ".join(text.split())
    return text


def _split(text: str) -> list[str]:
    """Words, with possessives and contractions reduced to the word ("mentor's" → mentor)."""
    words = []
    for token in _WORD.findall(text):
        word = token.split("'", 1)[0] if "'" in token else token
        words.append(lexicon.SPELLING.get(word, word))
    return words


class Analyzer:
    """Turns text into `Text`, correcting typos towards one programme's vocabulary.

    Built once per programme index from every word of the programme's content; after
    that, analysing a question is a few dictionary look-ups plus, for a word neither
    the programme nor English knows, one rapidfuzz search over the vocabulary.
    """

    def __init__(self, corpus: Iterable[str]) -> None:
        vocabulary: set[str] = set(lexicon_words())
        self._texts = tuple(_prepare(text) for text in corpus)
        programme_words = {w for text in self._texts for w in _split(text) if w.isalpha()}
        vocabulary |= programme_words
        self.vocabulary = frozenset(vocabulary)
        self._programme_words = frozenset(programme_words)
        self._spelt_out: dict[str, tuple[str, ...] | None] = {}
        self._known = frozenset(concept(w) for w in vocabulary)
        self._widened: dict[str, str] = {}
        self._choices = sorted(w for w in vocabulary if len(w) >= 3)
        self._corrections: dict[str, str] = {}
        _english()  # load the word list now, as part of building, not on a first question

    def correct(self, word: str) -> str:
        """`word`, or the programme (or English) word it is most likely a typo of."""
        if len(word) < 4 or not word.isalpha() or word in self.vocabulary:
            return word
        if word in self._corrections:
            return self._corrections[word]
        english = _english()
        if any(english.word_frequency[w] >= RARE for w in _american(word)):
            fixed = word  # an English word, perhaps in its British spelling ("organises")
        else:
            limit = 1 if len(word) < 8 else 2
            close = process.extract(
                word, self._choices, scorer=OSA.distance, score_cutoff=limit, limit=None
            )
            if close:
                # "wher" is one edit from "her" and from "where": prefer the likelier word
                fixed = max(close, key=lambda c: (-c[1], fuzz.ratio(word, c[0]), c[0]))[0]
            elif word in english:
                fixed = word
            else:
                guess = english.correction(word)
                fixed = guess if guess else word
        if len(self._corrections) > 50_000:  # a long-running bot meets endless new words
            self._corrections.clear()
        self._corrections[word] = fixed
        return fixed

    def _correct_in(self, word: str, typed: frozenset[str]) -> str:
        """`word` corrected; a name or an acronym typed as one ("Brum", "Bodmin", "NHSE")
        only to a word of the programme's own, never to an English word it is near."""
        fixed = self.correct(word)
        return word if word in typed and fixed not in self._programme_words else fixed

    def _spell_out(self, raw: str, words: list[str]) -> list[str]:
        """An acronym the programme never uses, as the words it stands for: in the
        question itself ("one of my Crown Prosecutors … can a CP apply?") or in the
        programme ("my HoS" where the programme speaks of heads of service)."""
        if raw.isupper():
            return words  # typed in capitals: no telling acronyms from words
        acronyms = {a.lower() for a in _ACRONYM.findall(raw)} - self._programme_words
        if not acronyms or not acronyms & set(words):
            return words
        out: list[str] = []
        for w in words:
            phrase = None
            if w in acronyms:
                phrase = _one_meaning(_standing_for(w, words)) or self._programme_meaning(w)
            out.extend(phrase or (w,))
        return out

    def _programme_meaning(self, acronym: str) -> tuple[str, ...] | None:
        """What the programme's own words say `acronym` stands for, if one thing."""
        if acronym not in self._spelt_out:
            found: set[tuple[str, ...]] = set()
            for text in self._texts:
                found |= _standing_for(acronym, _split(text))
            if len(self._spelt_out) > 50_000:  # a long-running bot meets endless new words
                self._spelt_out.clear()
            self._spelt_out[acronym] = _one_meaning(found) if found else None
        return self._spelt_out[acronym]

    def _widen(self, c: str) -> str:
        """A programme concept that `c` shortens ("exec" → "execut", "pray" → "prayer")."""
        if c in self._known or len(c) < 4 or c.isdigit():
            return c
        if c not in self._widened:
            longer = [
                k
                for k in self._known
                if k.startswith(c) and len(k) - len(c) <= 5 and not _compound(k, len(c))
            ]
            self._widened[c] = min(longer, key=len) if longer else c
        return self._widened[c]

    def analyse(self, text: str, *, correct: bool = True) -> Text:
        """The words and concepts of `text` (programme content is analysed uncorrected)."""
        words = _split(_prepare(text))
        names = _proper_nouns(text) if correct else frozenset()
        if correct:
            words = self._spell_out(text, words)
            typed = names | frozenset(w.lower() for w in _ACRONYM.findall(text))
            words = [self._correct_in(w, typed) for w in words]
            words = [lexicon.SPELLING.get(w, w) for w in words]
        content = [
            w
            for w in words
            if w not in lexicon.STOPWORDS and lexicon.LEMMAS.get(w, w) not in lexicon.STOPWORDS
        ]
        concepts: tuple[str, ...] = tuple(
            str(lexicon.NUMBER_WORDS.get(w) or lexicon.ORDINALS.get(w) or "") or concept(w)
            for w in content
        )
        rarity: tuple[float, ...] = ()
        if correct:
            concepts = tuple(self._widen(c) for c in concepts)
            rarity = tuple(_rarity(w, names) for w in content)
        return Text(
            raw=text, norm=" ".join(words), words=tuple(words), concepts=concepts, rarity=rarity
        )
