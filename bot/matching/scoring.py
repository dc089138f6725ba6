"""Score every mentor–mentee pair from their profiles: a number in [0, 1] and the reasons.

The question a score answers is "how much of what this mentee wants to work on does
this mentor know about?". How it is computed:

1. **Themes.** Each tag (a mentee's goals, development areas and challenges; a
   mentor's expertise and job title) becomes a key (`vocabulary.key`: case, accents,
   punctuation, British spelling, plurals, filler words). A key the domain synonym table
   knows becomes that table's *concept* ("budgets" and "financial management" are both
   *finance*); any other key is a concept of its own. A known synonym *inside* a longer
   tag adds that concept at strength 0.6 ("budget pressure" also means *finance*).
2. **Free text.** Notes are scanned for the other side's themes and the synonym table's
   phrases (runs of up to four words); words of five letters or more that are not in
   that vocabulary are first corrected to their nearest vocabulary word when rapidfuzz
   rates them ≥ 85 ("finacial" → "financial"). A mentee's notes add up to three themes
   at weight 0.5; a mentor's notes add expertise at strength 0.7.
3. **Related themes.** Concepts that are not the same are compared once, vocabulary
   against vocabulary (not pair by pair), with rapidfuzz's `token_set_ratio`: ≥ 85
   counts as related, at strength 0.8 × ratio ("chief executive transition" ~
   "chief executive"; typos). So the fuzzy work grows with the vocabulary, not with
   mentees × mentors.
4. **Coverage.** A mentee theme's strength against a mentor is the best product of
   (theme strength × relation × mentor-side strength) over the mentor's expertise
   (strength 1), notes (0.7) and job title (0.6). Each mentee theme has a weight: goals
   1.0, development areas 1.0, challenges 0.8, notes 0.5. *covered* is the weighted sum
   of strengths; *total* the sum of weights.
5. **Score** = 0.7 × min(1, covered / 2.5) + 0.3 × covered / total. The first part says
   "two or three of the mentee's themes are well covered", whatever the profile's size;
   the second rewards broader coverage, so a long profile is not penalised for being
   long and a mentor who covers more of it still ranks higher.

Vectorised: themes are numbered once; mentors are a dense (concepts × mentors) matrix of
strengths, widened along related concepts, then taken per mentee theme; mentees are a
sparse (mentees × themes) weight matrix; the scores are one sparse–dense product.
Reasons are worked out only for the pairs that are asked about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from bot.matching.vocabulary import FILLER, canonical, find_phrases, key, subphrases, words
from bot.matching.vocabulary import synonym_table as _synonym_table

GOAL_WEIGHT = 1.0
DEVELOPMENT_WEIGHT = 1.0
CHALLENGE_WEIGHT = 0.8
NOTE_WEIGHT = 0.5
MAX_NOTE_THEMES = 3
EXPERTISE_STRENGTH = 1.0
MENTOR_NOTE_STRENGTH = 0.7
JOB_TITLE_STRENGTH = 0.6
SUBPHRASE_STRENGTH = 0.6
FUZZY_CUTOFF = 85
FUZZY_STRENGTH = 0.8
TYPO_CUTOFF = 85
TYPO_MIN_LENGTH = 5
FULL_COVER = 2.5
BREADTH_SHARE = 0.3
REASON_MIN = 0.35
MAX_REASONS = 5

Expansion = tuple[tuple[int, float], ...]  # (concept id, strength) pairs


@dataclass(frozen=True)
class MenteeProfile:
    """What a mentee wants to work on; `key` identifies them (a Slack id)."""

    key: str
    goals: Sequence[str] = ()
    development_areas: Sequence[str] = ()
    challenges: Sequence[str] = ()
    notes: str | None = None


@dataclass(frozen=True)
class MentorProfile:
    """What a mentor knows about; `key` identifies them (a Slack id)."""

    key: str
    expertise: Sequence[str] = ()
    job_title: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class _Theme:
    """One tag (or a phrase found in notes) as written, and the concepts it stands for."""

    wording: str
    expansion: Expansion


@dataclass
class _Concepts:
    """Numbers every concept once; a concept's fuzzy key and the label reasons show."""

    ids: dict[str, int] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def intern(self, identity: str, match_key: str, label: str) -> int:
        found = self.ids.get(identity)
        if found is None:
            found = self.ids[identity] = len(self.keys)
            self.keys.append(match_key)
            self.labels.append(label)
        return found

    def of_label(self, label: str) -> int:
        """The concept of a canonical label of the synonym table."""
        return self.intern(label, key(label), label)

    def of_key(self, tag_key: str, wording: str) -> int:
        """The concept of a key: its canonical label's when it has one."""
        label = canonical(tag_key)
        if label is not None:
            return self.of_label(label)
        return self.intern(f"key:{tag_key}", tag_key, wording)

    def expand(self, tag: str) -> Expansion:
        """The concepts a tag stands for: itself, plus synonyms found inside it."""
        tag_key = key(tag)
        if not tag_key:
            return ()
        own = self.of_key(tag_key, tag.strip())
        if canonical(tag_key) is not None:
            return ((own, 1.0),)
        inner = [(self.of_label(label), SUBPHRASE_STRENGTH) for label in subphrases(tag_key)]
        return ((own, 1.0), *inner)


class _NoteReader:
    """Finds known themes in free text, after correcting near-miss words (typos)."""

    def __init__(self, concepts: _Concepts, vocabulary: Iterable[int], texts: list[str]) -> None:
        self.concepts = concepts
        self.table: dict[str, int] = {k: concepts.of_label(v) for k, v in _synonym_table().items()}
        for concept in vocabulary:
            self.table.setdefault(concepts.keys[concept], concept)
        known = sorted({w for phrase in self.table for w in phrase.split()})
        self.corrections = self._corrections(known, texts)

    @staticmethod
    def _corrections(known: list[str], texts: list[str]) -> dict[str, str]:
        known_set = set(known)
        unknown = sorted(
            {
                w
                for text in texts
                for w in words(text)
                if len(w) >= TYPO_MIN_LENGTH and w not in known_set and w not in FILLER
            }
        )
        if not unknown or not known:
            return {}
        ratios = process.cdist(
            unknown, known, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, workers=-1
        )
        best = ratios.argmax(axis=1)
        return {
            word: known[best[row]] for row, word in enumerate(unknown) if ratios[row, best[row]]
        }

    def themes(self, text: str | None) -> list[int]:
        """Concept ids found in `text`, longest phrases first."""
        if not text:
            return []
        tokens = [self.corrections.get(w, w) for w in words(text) if w not in FILLER]
        return find_phrases(tokens, self.table)


@dataclass
class Scores:
    """Every pair's score (`matrix[mentee, mentor]`, rows and columns in input order)."""

    matrix: np.ndarray
    mentee_themes: list[list[tuple[_Theme, float]]]
    mentor_themes: list[list[tuple[_Theme, float]]]
    strength: np.ndarray  # (distinct mentee themes × mentors)
    theme_rows: list[list[int]]  # per mentee, the `strength` row of each of its themes
    related: dict[tuple[int, int], float]
    concepts: _Concepts

    def reasons(self, mentee: int, mentor: int) -> list[str]:
        """The shared themes of a pair, strongest first, as a person would read them."""
        found: list[tuple[float, str]] = []
        themes = zip(self.mentee_themes[mentee], self.theme_rows[mentee], strict=True)
        for (theme, weight), row in themes:
            if self.strength[row, mentor] < REASON_MIN:
                continue  # the vectorised strengths rule most themes out cheaply
            value, label = self._explain(theme, mentor)
            if value >= REASON_MIN and label not in (text for _, text in found):
                found.append((weight * value, label))
        found.sort(key=lambda item: -item[0])
        return [label for _, label in found[:MAX_REASONS]]

    def explain(self, mentee: int, mentor: int) -> list[tuple[float, float, str]]:
        """Every theme of the mentee as (weight, strength against this mentor, label).

        Computed pair by pair, the slow way: the definition the matrix must agree with.
        """
        return [
            (weight, *self._explain(theme, mentor)) for theme, weight in self.mentee_themes[mentee]
        ]

    def _explain(self, theme: _Theme, mentor: int) -> tuple[float, str]:
        best, label = 0.0, ""
        for other, other_strength in self.mentor_themes[mentor]:
            for concept, strength in theme.expansion:
                for other_concept, inner in other.expansion:
                    relation = (
                        1.0
                        if concept == other_concept
                        else self.related.get((concept, other_concept), 0.0)
                    )
                    value = strength * relation * inner * other_strength
                    if value > best:
                        best = value
                        exact = concept == other_concept and strength == inner == 1.0
                        label = (
                            self.concepts.labels[concept]
                            if exact
                            else f"{theme.wording} ≈ {other.wording}"
                        )
        return best, label


def _mentee_themes(concepts: _Concepts, mentee: MenteeProfile) -> list[tuple[_Theme, float]]:
    fields = (
        (mentee.goals, GOAL_WEIGHT),
        (mentee.development_areas, DEVELOPMENT_WEIGHT),
        (mentee.challenges, CHALLENGE_WEIGHT),
    )
    return [
        (_Theme(tag.strip(), expansion), weight)
        for tags, weight in fields
        for tag in tags
        if (expansion := concepts.expand(tag))
    ]


def _mentor_themes(concepts: _Concepts, mentor: MentorProfile) -> list[tuple[_Theme, float]]:
    themes = [
        (_Theme(tag.strip(), expansion), EXPERTISE_STRENGTH)
        for tag in mentor.expertise
        if (expansion := concepts.expand(tag))
    ]
    if mentor.job_title and (expansion := concepts.expand(mentor.job_title)):
        themes.append((_Theme(mentor.job_title.strip(), expansion), JOB_TITLE_STRENGTH))
    return themes


def _dedupe(themes: list[tuple[_Theme, float]]) -> list[tuple[_Theme, float]]:
    """One entry per expansion, keeping the highest weight (a tag given twice counts once)."""
    best: dict[Expansion, tuple[_Theme, float]] = {}
    for theme, weight in themes:
        seen = best.get(theme.expansion)
        if seen is None or weight > seen[1]:
            best[theme.expansion] = (theme, weight)
    return list(best.values())


def _concepts_of(themes: list[list[tuple[_Theme, float]]]) -> set[int]:
    return {c for person in themes for theme, _ in person for c, _ in theme.expansion}


def _add_note_themes(
    concepts: _Concepts,
    themes: list[list[tuple[_Theme, float]]],
    notes: list[str | None],
    vocabulary: set[int],
    weight: float,
    limit: int | None,
) -> None:
    texts = [text for text in notes if text]
    if not texts:
        return
    reader = _NoteReader(concepts, sorted(vocabulary), texts)
    for person, text in zip(themes, notes, strict=True):
        found = reader.themes(text)[:limit]
        person.extend((_Theme(concepts.labels[c], ((c, 1.0),)), weight) for c in found)


def _related(concepts: _Concepts, left: set[int], right: set[int]) -> dict[tuple[int, int], float]:
    """Fuzzy relations between different concepts, computed once over the vocabularies."""
    rows, cols = sorted(left), sorted(right)
    if not rows or not cols:
        return {}
    ratios = process.cdist(
        [concepts.keys[c] for c in rows],
        [concepts.keys[c] for c in cols],
        scorer=fuzz.token_set_ratio,
        score_cutoff=FUZZY_CUTOFF,
        workers=-1,
        dtype=np.uint8,
    )
    related: dict[tuple[int, int], float] = {}
    for r, c in zip(*np.nonzero(ratios), strict=True):
        a, b = rows[r], cols[c]
        if a != b:
            related[(a, b)] = FUZZY_STRENGTH * float(ratios[r, c]) / 100.0
    return related


def _reach(
    concepts: _Concepts,
    mentor_themes: list[list[tuple[_Theme, float]]],
    related: dict[tuple[int, int], float],
) -> np.ndarray:
    """(concepts × mentors): how strongly each mentor covers each concept, related ones too."""
    offer = np.zeros((len(concepts.keys), len(mentor_themes)))
    for j, person in enumerate(mentor_themes):
        for theme, source_strength in person:
            for concept, inner in theme.expansion:
                offer[concept, j] = max(offer[concept, j], source_strength * inner)
    reach = offer.copy()
    for (a, b), relation in related.items():
        np.maximum(reach[a], relation * offer[b], out=reach[a])
    return reach


def _theme_matrices(
    mentee_themes: list[list[tuple[_Theme, float]]], reach: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray, list[list[int]]]:
    """Mentee weights (mentees × distinct themes), theme strengths (themes × mentors), rows.

    Themes with the same expansion share a row, so the strengths are computed once each.
    """
    theme_rows: list[list[int]] = []
    by_expansion: dict[Expansion, int] = {}
    rows: list[np.ndarray] = []
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for person in mentee_themes:
        theme_rows.append([])
        for theme, weight in person:
            row = by_expansion.get(theme.expansion)
            if row is None:
                row = by_expansion[theme.expansion] = len(rows)
                rows.append(np.max([s * reach[c] for c, s in theme.expansion], axis=0))
            theme_rows[-1].append(row)
            indices.append(row)
            data.append(weight)
        indptr.append(len(indices))
    strength = np.vstack(rows) if rows else np.zeros((0, reach.shape[1]))
    shape = (len(mentee_themes), len(rows))
    weights = sparse.csr_matrix((data, indices, indptr), shape=shape)
    return weights, strength, theme_rows


def combine(covered: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Step 5 of the module docstring: the score from covered and total theme weight."""
    safe_total = np.where(total > 0, total, 1.0)
    breadth = np.where(total > 0, covered / safe_total, 0.0)
    score = (1 - BREADTH_SHARE) * np.minimum(1.0, covered / FULL_COVER) + BREADTH_SHARE * breadth
    return np.clip(np.round(score, 6), 0.0, 1.0)


def score_pairs(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> Scores:
    """Score every mentee (rows) against every mentor (columns); see the module docstring."""
    concepts = _Concepts()
    mentee_themes = [_mentee_themes(concepts, m) for m in mentees]
    mentor_themes = [_mentor_themes(concepts, m) for m in mentors]
    mentee_vocabulary, mentor_vocabulary = _concepts_of(mentee_themes), _concepts_of(mentor_themes)
    _add_note_themes(
        concepts, mentee_themes, [m.notes for m in mentees], mentor_vocabulary,
        NOTE_WEIGHT, MAX_NOTE_THEMES,
    )  # fmt: skip
    _add_note_themes(
        concepts, mentor_themes, [m.notes for m in mentors], mentee_vocabulary,
        MENTOR_NOTE_STRENGTH, None,
    )  # fmt: skip
    mentee_themes = [_dedupe(person) for person in mentee_themes]
    left, right = _concepts_of(mentee_themes), _concepts_of(mentor_themes)
    related = _related(concepts, left, right)

    reach = _reach(concepts, mentor_themes, related)
    weights, strength, theme_rows = _theme_matrices(mentee_themes, reach)
    covered = np.asarray(weights @ strength)
    total = np.asarray(weights.sum(axis=1)).reshape(-1, 1)
    return Scores(
        matrix=combine(covered, total),
        mentee_themes=mentee_themes,
        mentor_themes=mentor_themes,
        strength=strength,
        theme_rows=theme_rows,
        related=related,
        concepts=concepts,
    )
