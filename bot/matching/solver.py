"""Choose the best overall mentor assignment, exactly.

The objective is lexicographic: first match as many mentees as possible, then maximise
the total score. Hard constraints: a mentor takes at most `capacity` mentees, and an
excluded pair (same organisation, on either's avoid list, or a pair that has ended
before) is never chosen.

How: each mentor with capacity c becomes c identical *slots*, turning the problem into
a rectangular assignment of mentees to slots, solved by
`scipy.optimize.linear_sum_assignment` (shortest augmenting paths, exact). An allowed
pair costs −(B + score) and an excluded one 0, with B = (mentees + 1) larger than any
possible total score: one more match always saves more than every score difference
together, so the solver maximises the count first and the score second. Assignments
to excluded pairs cost nothing and are dropped afterwards; an optimum never needs them.
Greedy choices are not used: they fail when two mentees want the same mentor and only
one of them can go elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from scipy.optimize import linear_sum_assignment


class Exclusion(IntEnum):
    """Why a pair may not be chosen (0: it may)."""

    ALLOWED = 0
    SAME_ORGANISATION = 1
    AVOID_LIST = 2
    ENDED_BEFORE = 3


_EXCLUSION_TEXT = {
    Exclusion.SAME_ORGANISATION: "from the same organisation",
    Exclusion.AVOID_LIST: "on an avoid list",
    Exclusion.ENDED_BEFORE: "paired with them before",
}


@dataclass(frozen=True)
class Assignment:
    """The chosen pairs (mentee index, mentor index), why each other mentee is unmatched."""

    pairs: list[tuple[int, int]]
    unmatched: dict[int, str]
    total_score: float


def solve(
    scores: np.ndarray, capacity: np.ndarray, excluded: np.ndarray | None = None
) -> Assignment:
    """The optimal assignment for `scores[mentee, mentor]`; see the module docstring.

    `capacity[mentor]` is how many more mentees each mentor can take; `excluded` holds an
    `Exclusion` code per pair (all allowed when omitted).
    """
    n_mentees, n_mentors = scores.shape
    if capacity.shape != (n_mentors,):
        raise ValueError("capacity needs one entry per mentor")
    excluded = np.zeros(scores.shape, dtype=np.int8) if excluded is None else excluded
    allowed = excluded == Exclusion.ALLOWED
    capacity = np.clip(capacity.astype(np.int64), 0, n_mentees)
    open_allowed = allowed & (capacity > 0)[np.newaxis, :]
    rows = np.flatnonzero(open_allowed.any(axis=1))
    cols = np.flatnonzero(open_allowed.any(axis=0))
    pairs: list[tuple[int, int]] = []
    if len(rows) and len(cols):
        slots = np.repeat(cols, capacity[cols])
        bonus = len(rows) + 1.0
        mentor_cost = np.where(open_allowed[rows], -(bonus + scores[rows]), 0.0)
        chosen_rows, chosen_slots = linear_sum_assignment(mentor_cost[:, slots])
        for r, s in zip(chosen_rows, chosen_slots, strict=True):
            mentee, mentor = int(rows[r]), int(slots[s])
            if allowed[mentee, mentor]:
                pairs.append((mentee, mentor))
    pairs.sort()
    matched = {mentee for mentee, _ in pairs}
    unmatched = {
        i: why_unmatched(excluded[i], capacity) for i in range(n_mentees) if i not in matched
    }
    total = float(sum(scores[i, j] for i, j in pairs))
    return Assignment(pairs=pairs, unmatched=unmatched, total_score=total)


def why_unmatched(exclusions: np.ndarray, capacity: np.ndarray) -> str:
    """Why an optimal assignment left this mentee out, from their row of exclusions."""
    if len(capacity) == 0:
        return "there are no mentors in the programme"
    if not capacity.any():
        return "no mentor has spare capacity"
    candidates = int((exclusions == Exclusion.ALLOWED).sum())
    if candidates:
        # An unmatched mentee with a free allowed mentor would be one more match: they're full.
        return (
            f"every mentor they can be paired with ({candidates}) is at capacity"
            if candidates > 1
            else "the one mentor they can be paired with is at capacity"
        )
    counts = [
        f"{int((exclusions == code).sum())} {text}"
        for code, text in _EXCLUSION_TEXT.items()
        if (exclusions == code).any()
    ]
    return "every mentor is excluded: " + ", ".join(counts)
