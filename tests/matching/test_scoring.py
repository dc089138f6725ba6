"""Pair scores and reasons from mentoring profiles."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching.scoring import MenteeProfile, MentorProfile, combine, score_pairs

DANIEL = MenteeProfile(
    "U2",
    goals=["chief executive role"],
    development_areas=["finance", "system leadership"],
    challenges=["integration with health", "workforce shortages"],
)
MARGARET = MentorProfile(
    "M1", expertise=["chief executive role", "political navigation", "finance"]
)
RAJ = MentorProfile("M2", expertise=["housing", "budget pressure", "public narrative"])


def test_synonyms_match_and_name_the_shared_theme() -> None:
    """ "CEO" and "budgets" meet "chief executive role" and "financial management"."""
    mentee = MenteeProfile("U1", goals=["CEO"], development_areas=["Budgets"])
    mentor = MentorProfile("M1", expertise=["Chief Executive role", "financial management"])
    scores = score_pairs([mentee], [mentor])
    assert scores.matrix[0, 0] > 0.7
    assert scores.reasons(0, 0) == ["chief executive role", "finance"]


def test_the_mentor_who_covers_more_scores_higher() -> None:
    """Daniel's best mentor is the one sharing his goal and a development area."""
    scores = score_pairs([DANIEL], [MARGARET, RAJ])
    assert scores.matrix[0, 0] > scores.matrix[0, 1] > 0
    assert scores.reasons(0, 0) == ["chief executive role", "finance"]
    assert scores.reasons(0, 1) == ["finance ≈ budget pressure"]


def test_typos_and_partial_phrases_match_fuzzily() -> None:
    """A misspelt tag and a longer phrase around the same theme still count, flagged with ≈."""
    mentee = MenteeProfile("U1", development_areas=["politcal navigaton", "community cohesion"])
    mentor = MentorProfile(
        "M1", expertise=["political navigation", "community cohesion and integration"]
    )
    scores = score_pairs([mentee], [mentor])
    assert set(scores.reasons(0, 0)) == {
        "politcal navigaton ≈ political navigation",
        "community cohesion ≈ community cohesion and integration",
    }


def test_unrelated_profiles_score_zero_and_empty_profiles_too() -> None:
    """No shared theme means score 0 and no reasons; an empty profile scores 0 everywhere."""
    scores = score_pairs(
        [MenteeProfile("U1", goals=["climate"]), MenteeProfile("U2")],
        [MentorProfile("M1", expertise=["housing"]), MentorProfile("M2")],
    )
    assert scores.matrix.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert scores.reasons(0, 0) == []


def test_notes_are_read_for_themes_with_typos_corrected() -> None:
    """Free-text notes on either side add themes; a misspelt word is corrected first."""
    mentee = MenteeProfile(
        "U1", notes="I want help with finacial management and working with politicians."
    )
    mentor = MentorProfile(
        "M1", notes="Twenty years on budgets; ex-leader of the council's members."
    )
    other = MentorProfile("M2", expertise=["political navigation"])
    scores = score_pairs([mentee], [mentor, other])
    assert scores.reasons(0, 0) == ["finance"]
    assert scores.reasons(0, 1) == ["political navigation"]


def test_a_mentors_job_title_counts_as_weaker_expertise() -> None:
    """A Chief Executive mentor is a match for a chief-executive goal, below stated expertise."""
    mentee = MenteeProfile("U1", goals=["chief executive role"])
    by_title = MentorProfile("M1", job_title="Chief Executive")
    by_expertise = MentorProfile("M2", expertise=["CEO"])
    scores = score_pairs([mentee], [by_title, by_expertise])
    assert 0 < scores.matrix[0, 0] < scores.matrix[0, 1]
    assert scores.reasons(0, 0) == ["chief executive role"]


def test_a_tag_given_twice_counts_once() -> None:
    """The same theme in goals and development areas does not inflate the score."""
    once = MenteeProfile("U1", goals=["finance"], development_areas=["housing"])
    twice = MenteeProfile("U2", goals=["finance"], development_areas=["housing", "Budgets"])
    scores = score_pairs([once, twice], [MentorProfile("M1", expertise=["finance"])])
    assert scores.matrix[0, 0] == scores.matrix[1, 0]


POOL = [
    "chief executive role", "CEO", "finance", "budgets", "budget pressure", "housing",
    "political navigation", "working with politicians", "public narrative", "resilience",
    "system leadership", "systems thinking", "community cohesion", "director role",
    "Director of Housing", "temporary accommodation demand", "digital inclusion", "ofsted",
]  # fmt: skip
tags = st.lists(st.sampled_from(POOL), max_size=4)
mentees = st.lists(
    st.builds(MenteeProfile, st.just("U"), tags, tags, tags, st.sampled_from([None, *POOL])),
    min_size=1,
    max_size=4,
)
mentors = st.lists(
    st.builds(MentorProfile, st.just("M"), tags, st.sampled_from([None, *POOL])),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(mentees, mentors)
def test_the_vectorised_matrix_equals_the_pair_by_pair_definition(
    mentee_list: list[MenteeProfile], mentor_list: list[MentorProfile]
) -> None:
    """Each score equals combine(Σ weight × strength, Σ weight) worked out pair by pair."""
    scores = score_pairs(mentee_list, mentor_list)
    assert scores.matrix.shape == (len(mentee_list), len(mentor_list))
    for i in range(len(mentee_list)):
        for j in range(len(mentor_list)):
            themes = scores.explain(i, j)
            covered = sum(weight * strength for weight, strength, _ in themes)
            total = sum(weight for weight, _, _ in themes)
            expected = combine(np.array([[covered]]), np.array([[total]]))[0, 0]
            assert abs(scores.matrix[i, j] - expected) < 1e-5
            assert 0.0 <= scores.matrix[i, j] <= 1.0
