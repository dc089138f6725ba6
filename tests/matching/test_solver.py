"""The exact assignment: optimal against brute force, never breaking a hard constraint."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bot.matching.solver import Assignment, Exclusion, solve


def brute_force(
    scores: np.ndarray, capacity: np.ndarray, excluded: np.ndarray
) -> tuple[int, float]:
    """The best (number matched, total score) over every feasible assignment."""
    n, m = scores.shape
    best = (0, 0.0)
    for choice in itertools.product([None, *range(m)], repeat=n):
        load = np.zeros(m, dtype=int)
        total, count, ok = 0.0, 0, True
        for i, j in enumerate(choice):
            if j is None:
                continue
            if excluded[i, j] != Exclusion.ALLOWED:
                ok = False
                break
            load[j] += 1
            count += 1
            total += scores[i, j]
        if ok and (load <= capacity).all() and (count, total) > best:
            best = (count, total)
    return best


def check_feasible(
    result: Assignment, scores: np.ndarray, capacity: np.ndarray, excluded: np.ndarray
) -> None:
    """Hard constraints hold, every mentee is matched or explained, and no free slot is wasted."""
    mentees = [i for i, _ in result.pairs]
    assert len(mentees) == len(set(mentees))
    load = np.bincount([j for _, j in result.pairs], minlength=scores.shape[1])
    assert (load <= np.maximum(capacity, 0)).all()
    assert all(excluded[i, j] == Exclusion.ALLOWED for i, j in result.pairs)
    assert set(mentees) | set(result.unmatched) == set(range(scores.shape[0]))
    assert not set(mentees) & set(result.unmatched)
    for i in result.unmatched:
        assert result.unmatched[i]
        free = (excluded[i] == Exclusion.ALLOWED) & (load < capacity)
        assert not free.any(), "an unmatched mentee had a free, allowed mentor"


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 3) -> tuple:
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    scores = draw(
        arrays(np.float64, (n, m), elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 1.0]))
    )
    capacity = draw(arrays(np.int64, (m,), elements=st.integers(0, 2)))
    excluded = draw(
        arrays(
            np.int8,
            (n, m),
            elements=st.sampled_from([0, 0, 0, 1, 2, 3]),
        )
    )
    return scores, capacity, excluded


@settings(max_examples=200, deadline=None)
@given(instances())
def test_the_solver_equals_brute_force(instance: tuple) -> None:
    """On small random instances the solver matches as many and scores as much as brute force."""
    scores, capacity, excluded = instance
    result = solve(scores, capacity, excluded)
    count, total = brute_force(scores, capacity, excluded)
    assert len(result.pairs) == count
    assert abs(result.total_score - total) < 1e-9
    check_feasible(result, scores, capacity, excluded)


@settings(max_examples=100, deadline=None)
@given(instances(max_mentees=40, max_mentors=12))
def test_constraints_hold_on_larger_instances(instance: tuple) -> None:
    """Capacity, exclusions and maximality hold on instances too big for brute force."""
    scores, capacity, excluded = instance
    check_feasible(solve(scores, capacity, excluded), scores, capacity, excluded)


def test_more_matches_beat_a_higher_score_where_greedy_fails() -> None:
    """Two mentees want mentor X; only one can go elsewhere: both are matched, unlike greedy."""
    scores = np.array([[0.9, 0.6], [0.8, 0.0]])
    excluded = np.array([[0, 0], [0, Exclusion.AVOID_LIST]], dtype=np.int8)
    result = solve(scores, np.array([1, 1]), excluded)
    assert result.pairs == [(0, 1), (1, 0)]  # greedy would take (0, 0) and strand mentee 1
    assert result.unmatched == {}
    assert abs(result.total_score - 1.4) < 1e-9


def test_the_best_total_beats_the_best_first_pick() -> None:
    """Greedy takes the single best pair (0.9) for 1.0 in all; the optimum is 1.4."""
    scores = np.array([[0.9, 0.6], [0.8, 0.1]])
    result = solve(scores, np.array([1, 1]))
    assert result.pairs == [(0, 1), (1, 0)]
    assert abs(result.total_score - 1.4) < 1e-9


def test_a_zero_score_match_still_counts() -> None:
    """Matching one more mentee comes first, even with a score of nothing."""
    scores = np.array([[1.0, 0.0], [1.0, 0.0]])
    result = solve(scores, np.array([1, 1]))
    assert len(result.pairs) == 2


def test_unmatched_mentees_are_told_why() -> None:
    """Each unmatched mentee gets the reason: exclusions, full mentors, or no mentors."""
    scores = np.array([[0.5, 0.5], [0.5, 0.5], [0.9, 0.1]])
    excluded = np.array(
        [[Exclusion.SAME_ORGANISATION, Exclusion.AVOID_LIST], [0, 0], [0, 0]], dtype=np.int8
    )
    result = solve(scores, np.array([1, 0]), excluded)
    assert result.unmatched[0] == (
        "every mentor is excluded: 1 from the same organisation, 1 on an avoid list"
    )
    assert "at capacity" in result.unmatched[1] or "at capacity" in result.unmatched[2]
    assert solve(np.zeros((1, 0)), np.zeros(0, dtype=int)).unmatched == {
        0: "there are no mentors in the programme"
    }
    assert solve(np.zeros((1, 1)), np.array([0])).unmatched == {0: "no mentor has spare capacity"}
