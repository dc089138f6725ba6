"""A second, independent opinion on which FAQ entry a question is about.

The answerer's own ranking works on concepts (corrected, stemmed, synonym-folded words)
and its judge refuses an entry when the question names a word that is another entry's
question ("belongs elsewhere": "what's the dress code for the dinner?" finds the dinner
entry, but *dress code* is another entry's topic). That guess is often wrong in a
sector's own words: "can I take my flexi car to Moreton?" is the travel entry, though
*car* is also in the parking entry's question.

Plain BM25 over each entry's raw words (its question, phrasings and answer, stemmed and
nothing else) ranks by different evidence. When it independently puts the same entry
first, the "belongs elsewhere" guess is overruled. Measured on the benchmark's sets
(`bench/answers.py`, see bench/questions/README.md): about 1.2 points more handled
right, 0.2 more answered wrongly, and most of the gain on the newest sectors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer


class PlainBM25:
    """Plain BM25 (bm25s, English stemming) over whole FAQ entries."""

    def __init__(self, entries: Sequence[tuple[str, str]]) -> None:
        """`entries` are `(slug, text)`: the entry's question, phrasings and answer."""
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._stemmer = Stemmer.Stemmer("english")
        self._slugs = [slug for slug, _ in entries]
        self._index = bm25s.BM25()
        self._last: tuple[str, str | None] | None = None
        if entries:
            corpus = bm25s.tokenize(
                [text for _, text in entries], stemmer=self._stemmer, show_progress=False
            )
            self._index.index(corpus, show_progress=False)

    def best(self, question: str) -> str | None:
        """The slug of the entry plain BM25 ranks first, or None when no word matches.

        Remembered for the last question: the engine asks up to three times about one."""
        last = self._last  # one read: another thread may be asking something else
        if last is None or last[0] != question:
            last = self._last = (question, self._best(question))
        return last[1]

    def _best(self, question: str) -> str | None:
        if not self._slugs:
            return None
        tokens = bm25s.tokenize([question], stemmer=self._stemmer, show_progress=False)
        ids = set(tokens.ids[0])
        words = [word for word, i in tokens.vocab.items() if i in ids]
        if not words:
            return None
        scores = np.asarray(self._index.get_scores(words), dtype=float)
        top = int(scores.argmax())
        return self._slugs[top] if scores[top] > 0 else None
