"""Finding the FAQ entry (or the programme summary) a question is asking for.

Each entry is a handful of phrasings (its question and its `also` list) and a body (its
answer). A question is compared with them on concepts (corrected, stemmed, synonym-
folded words, see `text`), three ways:

- BM25 over the phrasings and bodies (bm25s): which entry is about this at all;
- weighted overlap with the best phrasing: does the question say what the entry asks;
- coverage: how much of the question the entry explains at all. A question with a
  topic the entry never mentions ("is there a *gym* at the venue?") is not answered by
  that entry however well the rest matches — the heart of knowing what the programme
  data does not cover.

The weights (inverse document frequency over the programme's own text) make a word
that only one entry uses count for more than one every entry uses; a word no part of
the programme uses at all is *foreign* and counts most of all.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import bm25s
import numpy as np

from bot.answering import lexicon
from bot.answering.text import Analyzer, Text, concept


@dataclass(frozen=True)
class Doc:
    """One answerable thing: an FAQ entry, or the programme summary."""

    kind: str  # "faq" or "programme"
    key: str
    phrasings: tuple[Text, ...]
    body: Text

    @cached_property
    def asks(self) -> frozenset[str]:
        """The concepts of the entry's question and other phrasings: what it is about."""
        found: set[str] = set()
        for p in self.phrasings:
            found.update(p.concepts)
        return frozenset(found) - GENERIC_CONCEPTS

    @cached_property
    def concepts(self) -> frozenset[str]:
        found: set[str] = set(self.body.concepts)
        for p in self.phrasings:
            found.update(p.concepts)
        return frozenset(found)


@dataclass(frozen=True)
class Match:
    """How well one doc fits one question, and what of the question it leaves unexplained."""

    doc: Doc
    bm25: float  # normalised to the best doc's score (0..1)
    phrasing: float  # weighted cosine with the best phrasing (0..1)
    coverage: float  # share of the question's weight the doc explains (0..1)
    foreign: tuple[str, ...]  # question concepts the programme never mentions
    unexplained: tuple[str, ...]  # question concepts this doc does not mention

    @property
    def score(self) -> float:
        """One number to rank by and to threshold (0..1)."""
        return 0.45 * self.phrasing + 0.35 * self.coverage + 0.20 * self.bm25


GENERIC_CONCEPTS = frozenset(concept(w) for w in lexicon.GENERIC)
# An unknown word at least this rare in English (`text.english_rarity`) is taken as a
# topic the programme does not cover; a commoner one only as unexplained phrasing.
FOREIGN_RARITY = 0.6


class Weights:
    """Inverse document frequency of each concept over the programme's documents."""

    def __init__(self, documents: Iterable[frozenset[str]]) -> None:
        docs = list(documents)
        counts: Counter[str] = Counter()
        for concepts in docs:
            counts.update(concepts)
        self.n = max(len(docs), 1)
        self.known = frozenset(counts)
        self._idf = {c: math.log(1 + self.n / df) for c, df in counts.items()}
        self.foreign_weight = math.log(1 + self.n) * 1.5

    def __call__(self, c: str, rarity: float = 1.0) -> float:
        """A concept's weight; one the programme never uses weighs by its English rarity."""
        if c in GENERIC_CONCEPTS:
            return 0.15
        if c.isdigit():
            return 0.5
        return self._idf.get(c, self.foreign_weight * rarity)

    def total(self, concepts: Iterable[str], rarity: dict[str, float] | None = None) -> float:
        rarity = rarity or {}
        return sum(self(c, rarity.get(c, 1.0)) for c in set(concepts))

    def is_foreign(self, c: str, rarity: float = 1.0) -> bool:
        """A concept the programme never mentions and that names a topic of its own."""
        return (
            c not in self.known
            and c not in GENERIC_CONCEPTS
            and not c.isdigit()
            and rarity >= FOREIGN_RARITY
        )


class FaqIndex:
    """The programme's FAQ and summary, ready to be searched many times."""

    def __init__(self, docs: Sequence[Doc], weights: Weights) -> None:
        self.docs = list(docs)
        self.weights = weights
        units: list[list[str]] = []
        self._unit_doc: list[int] = []
        self._unit_is_body: list[bool] = []
        for i, doc in enumerate(self.docs):
            for text in (*doc.phrasings, doc.body):
                units.append(list(text.concepts) or ["__empty__"])
                self._unit_doc.append(i)
                self._unit_is_body.append(text is doc.body)
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index built
        self._bm25 = bm25s.BM25()
        if units:
            self._bm25.index(units, show_progress=False)
        self._unit_doc_arr = np.array(self._unit_doc, dtype=np.int64)
        self._body_mask = np.array(self._unit_is_body, dtype=bool)

    def _bm25_by_doc(self, concepts: Sequence[str]) -> np.ndarray:
        """Per doc: best phrasing score plus half the body score, normalised to the top."""
        scores = np.zeros(len(self.docs))
        if not self.docs or not concepts:
            return scores
        unit_scores = np.asarray(self._bm25.get_scores(list(concepts)), dtype=float)
        phr = np.where(self._body_mask, 0.0, unit_scores)
        body = np.where(self._body_mask, unit_scores, 0.0)
        np.maximum.at(scores, self._unit_doc_arr, phr)
        np.add.at(scores, self._unit_doc_arr, 0.5 * body)
        top = scores.max()
        return scores / top if top > 0 else scores

    def _cosine(
        self, query: frozenset[str], phrase: frozenset[str], rarity: dict[str, float]
    ) -> float:
        if not query or not phrase:
            return 0.0
        shared = self.weights.total(query & phrase)
        return shared / math.sqrt(self.weights.total(query, rarity) * self.weights.total(phrase))

    def search(self, question: Text, *, limit: int = 3) -> list[Match]:
        """The best docs for `question`, best first (empty when it has no concepts)."""
        query = frozenset(question.concepts)
        if not query or not self.docs:
            return []
        bm25 = self._bm25_by_doc(question.concepts)
        rarity = question.rarities()
        total = self.weights.total(query, rarity)
        foreign = tuple(sorted(c for c in query if self.weights.is_foreign(c, rarity.get(c, 1.0))))
        matches = []
        for i, doc in enumerate(self.docs):
            phrasing = max(
                (self._cosine(query, frozenset(p.concepts), rarity) for p in doc.phrasings),
                default=0.0,
            )
            covered = query & doc.concepts
            matches.append(
                Match(
                    doc=doc,
                    bm25=float(bm25[i]),
                    phrasing=phrasing,
                    coverage=self.weights.total(covered) / total if total else 0.0,
                    foreign=foreign,
                    unexplained=tuple(sorted(query - covered - GENERIC_CONCEPTS)),
                )
            )
        matches.sort(key=lambda m: m.score, reverse=True)
        return matches[:limit]


def build_faq_index(
    analyzer: Analyzer,
    *,
    faq: Iterable[tuple[str, str, Sequence[str], str]],
    programme_name: str,
    summary: str | None,
    extra_documents: Iterable[str] = (),
) -> FaqIndex:
    """Index FAQ entries `(slug, question, also, answer)` and the programme summary.

    `extra_documents` (module and contact text) count towards what the programme
    mentions, so a word only a module uses is not taken as foreign.
    """
    docs = [
        Doc(
            kind="faq",
            key=slug,
            phrasings=tuple(analyzer.analyse(q, correct=False) for q in (question, *also)),
            body=analyzer.analyse(answer, correct=False),
        )
        for slug, question, also, answer in faq
    ]
    if summary:
        phrasings = (
            f"What is {programme_name}?",
            "What is this programme about?",
            "Tell me about the programme",
            "What is the purpose of the programme?",
        )
        docs.append(
            Doc(
                kind="programme",
                key="summary",
                phrasings=tuple(analyzer.analyse(p, correct=False) for p in phrasings),
                body=analyzer.analyse(summary, correct=False),
            )
        )
    extra = [frozenset(analyzer.analyse(t, correct=False).concepts) for t in extra_documents]
    weights = Weights([d.concepts for d in docs] + extra)
    return FaqIndex(docs, weights)
