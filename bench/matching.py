"""Benchmark mentor matching: 2,000 mentees × 800 mentors, capacity 1–3.

Profiles are random but realistic: themes drawn from the synonym table's labels and
variants and from local-government challenges nobody put in a table, typed with random
case, plurals, American spelling and the odd typo; a third of people write notes; 33
organisations (so same-organisation exclusions bite); a few avoid lists and ended pairs.

Times scoring and solving separately (best of --repeat runs), then checks the solution:
hard constraints hold, and an independent exact solver (scipy's sparse LAPJV,
`min_weight_full_bipartite_matching`, on a graph with one "unmatched" node per mentee)
reaches the same number of matches and the same total score.

    .venv/bin/python bench/matching.py [--mentees 2000] [--mentors 800] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from bot.matching.scoring import MenteeProfile, MentorProfile, Scores, score_pairs
from bot.matching.solver import Assignment, Exclusion, solve
from bot.matching.vocabulary import SYNONYMS

T = TypeVar("T")
LOCAL_THEMES = [
    "temporary accommodation demand", "Ofsted improvement", "SEND deficit",
    "adult social care market", "housing repairs backlog", "community cohesion",
    "digital inclusion", "youth violence", "school place planning", "waste contracts",
    "leisure centre closures", "cost of living crisis", "asylum dispersal", "local plan",
    "high street recovery", "air quality", "carbon reduction", "council tax collection",
    "children in care placements", "hospital discharge", "mental health services",
    "integrated neighbourhood teams", "regeneration delivery", "stakeholder conflict",
    "audit findings", "staff morale", "hybrid working", "restructure", "service redesign",
    "director of children's services", "director of public health", "national profile",
]  # fmt: skip
AMERICAN = {"organisation": "organization", "behaviour": "behavior", "programme": "program"}
JOB_TITLES = [
    "Chief Executive", "Director of Housing", "Director of Children's Services",
    "Director of Public Health", "Executive Director, Place", "Director of Finance",
    "Strategic Director, Communities", "Director of Adult Social Care", "Head of Paid Service",
]  # fmt: skip
NOTE_TEMPLATES = [
    "I would like to get better at {a} and {b}.",
    "Currently struggling with {a}; keen to talk about {b}.",
    "Happy to help with {a}, {b} and anything on {c}.",
    "My biggest worry is {a}.",
]


def _typed(rng: random.Random, phrase: str) -> str:
    """A phrase as someone might type it: case, plural, American spelling, a typo."""
    roll = rng.random()
    if roll < 0.15:
        phrase = phrase.title()
    elif roll < 0.25:
        phrase = phrase.upper() if len(phrase) <= 5 else phrase.capitalize()
    if rng.random() < 0.1 and not phrase.endswith("s"):
        phrase += "s"
    for british, american in AMERICAN.items():
        if british in phrase and rng.random() < 0.5:
            phrase = phrase.replace(british, american)
    if rng.random() < 0.05 and len(phrase) > 6:
        cut = rng.randrange(1, len(phrase) - 1)
        phrase = phrase[:cut] + phrase[cut + 1 :]
    return phrase


def _themes() -> list[str]:
    """Every synonym-table label and variant, and the local themes three times over."""
    return list(SYNONYMS) + [v for vs in SYNONYMS.values() for v in vs] + LOCAL_THEMES * 3


def make_instance(
    n_mentees: int, n_mentors: int, seed: int
) -> tuple[list[MenteeProfile], list[MentorProfile], np.ndarray, np.ndarray]:
    """Random mentees, mentors, capacities (1–3) and exclusion codes."""
    rng = random.Random(seed)
    pool = _themes()
    organisations = [f"London Borough {k}" for k in range(33)]

    def tags(low: int, high: int) -> list[str]:
        return [_typed(rng, rng.choice(pool)) for _ in range(rng.randint(low, high))]

    def notes() -> str | None:
        if rng.random() > 0.33:
            return None
        a, b, c = (rng.choice(pool) for _ in range(3))
        return rng.choice(NOTE_TEMPLATES).format(a=a, b=b, c=c)

    mentees = [
        MenteeProfile(f"UP{i:05d}", tags(1, 2), tags(1, 3), tags(1, 3), notes())
        for i in range(n_mentees)
    ]
    mentors = [
        MentorProfile(f"UM{j:05d}", tags(2, 6), rng.choice(JOB_TITLES), notes())
        for j in range(n_mentors)
    ]
    mentee_org = np.array([rng.randrange(len(organisations)) for _ in mentees])
    mentor_org = np.array([rng.randrange(len(organisations)) for _ in mentors])
    excluded = np.where(
        mentee_org[:, None] == mentor_org[None, :], Exclusion.SAME_ORGANISATION, 0
    ).astype(np.int8)
    for _ in range(n_mentees // 10):  # avoid lists
        excluded[rng.randrange(n_mentees), rng.randrange(n_mentors)] = Exclusion.AVOID_LIST
    for _ in range(n_mentees // 20):  # pairs that ended before
        excluded[rng.randrange(n_mentees), rng.randrange(n_mentors)] = Exclusion.ENDED_BEFORE
    capacity = np.array([rng.randint(1, 3) for _ in mentors], dtype=np.int64)
    return mentees, mentors, capacity, excluded


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """The fastest wall time of `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def independent_optimum(
    scores: np.ndarray, capacity: np.ndarray, excluded: np.ndarray
) -> tuple[int, float]:
    """(matches, total score) from sparse LAPJV on slots plus one 'unmatched' node per mentee.

    Edge weights: 2 − score for an allowed pair, (mentees + 3) for staying unmatched, so
    one more match always wins over any score difference, as in the solver.
    """
    n, _ = scores.shape
    slots = np.repeat(np.arange(len(capacity)), capacity)
    allowed = (excluded == Exclusion.ALLOWED)[:, slots]
    rows, cols = np.nonzero(allowed)
    weights = 2.0 - scores[:, slots][rows, cols]
    graph = sparse.csr_matrix(
        (
            np.concatenate([weights, np.full(n, n + 3.0)]),
            (
                np.concatenate([rows, np.arange(n)]),
                np.concatenate([cols, len(slots) + np.arange(n)]),
            ),
        ),
        shape=(n, len(slots) + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < len(slots)
    matched_rows, matched_slots = row_ind[real], slots[col_ind[real]]
    return int(real.sum()), float(scores[matched_rows, matched_slots].sum())


def check(assignment: Assignment, capacity: np.ndarray, excluded: np.ndarray) -> None:
    """Hard constraints: capacity, exclusions, one mentor per mentee, a reason per unmatched."""
    load = np.bincount([j for _, j in assignment.pairs], minlength=len(capacity))
    assert (load <= capacity).all(), "capacity exceeded"
    assert all(excluded[i, j] == Exclusion.ALLOWED for i, j in assignment.pairs), "excluded pair"
    assert len({i for i, _ in assignment.pairs}) == len(assignment.pairs), "mentee twice"
    assert all(assignment.unmatched.values()), "unmatched mentee without a reason"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=800)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    mentees, mentors, capacity, excluded = make_instance(args.mentees, args.mentors, args.seed)
    score_time, scores = best_of(args.repeat, lambda: score_pairs(mentees, mentors))
    solve_time, assignment = best_of(args.repeat, lambda: solve(scores.matrix, capacity, excluded))
    reasons_time, _ = best_of(args.repeat, lambda: _all_reasons(scores, assignment))
    check(assignment, capacity, excluded)
    start = time.perf_counter()
    count, total = independent_optimum(scores.matrix, capacity, excluded)
    check_time = time.perf_counter() - start
    optimal = count == len(assignment.pairs) and abs(total - assignment.total_score) < 1e-6

    matrix = scores.matrix
    print(f"instance: {len(mentees)} mentees × {len(mentors)} mentors, "
          f"{int(capacity.sum())} slots (capacity 1–3), "
          f"{int((excluded != 0).sum())} excluded pairs, seed {args.seed}")  # fmt: skip
    print(f"scores: mean {matrix.mean():.3f}, pairs > 0: {(matrix > 0).mean():.1%}, "
          f"best per mentee: mean {matrix.max(axis=1).mean():.3f}")  # fmt: skip
    print(f"scoring   {score_time * 1000:8.1f} ms")
    print(f"solving   {solve_time * 1000:8.1f} ms")
    print(
        f"reasons   {reasons_time * 1000:8.1f} ms  (for the {len(assignment.pairs)} chosen pairs)"
    )
    print(f"together  {(score_time + solve_time + reasons_time) * 1000:8.1f} ms  (target < 2000)")
    print(f"matched {len(assignment.pairs)} / {len(mentees)}, "
          f"total score {assignment.total_score:.4f}, "
          f"mean {assignment.total_score / max(1, len(assignment.pairs)):.3f}")  # fmt: skip
    verdict = "OPTIMAL" if optimal else "MISMATCH"
    print(f"independent optimum (sparse LAPJV, {check_time * 1000:.0f} ms): "
          f"{count} matched, total {total:.4f} → {verdict}")  # fmt: skip
    if not optimal:
        raise SystemExit(1)


def _all_reasons(scores: Scores, assignment: Assignment) -> int:
    return sum(len(scores.reasons(i, j)) for i, j in assignment.pairs)


if __name__ == "__main__":
    main()
