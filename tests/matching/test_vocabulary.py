"""Tag normalisation and the synonym table."""

from __future__ import annotations

import pytest

from bot.matching.vocabulary import canonical, find_phrases, key, same_organisation, subphrases


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Budgets", "budget"),
        ("  Financial-Management ", "financial management"),
        ("organizations", "organisation"),
        ("Analyzing behavior", "analysing behaviour"),
        ("Health Inequalities", "health inequality"),
        ("Director of Children's Services", "director children service"),
        ("D&I", "d i"),
        ("Café culture", "cafe culture"),
        ("size", "size"),
        ("my role", ""),
    ],
)
def test_key_normalises_case_punctuation_spelling_and_plurals(typed: str, expected: str) -> None:
    """A tag's key folds case, accents, punctuation, US spelling, plurals and filler words."""
    assert key(typed) == expected


@pytest.mark.parametrize(
    ("variants", "label"),
    [
        (["CEO", "chief exec", "Chief Executive role", "chief executive"], "chief executive role"),
        (["finance", "Budgets", "financial management", "MTFS"], "finance"),
        (
            ["political navigation", "working with politicians", "Member relations"],
            "political navigation",
        ),
        (["systems thinking", "System Leadership"], "system leadership"),
    ],
)
def test_synonyms_share_one_canonical_label(variants: list[str], label: str) -> None:
    """Every way of writing a theme in the table maps to the same canonical label."""
    assert {canonical(key(v)) for v in variants} == {label}


def test_synonyms_inside_longer_tags_are_found_longest_first() -> None:
    """ "budget pressure" contains finance; "business intelligence" does not contain business."""
    assert subphrases(key("budget pressure")) == ["finance"]
    assert subphrases(key("business intelligence growth")) == [
        "data-driven decisions",
        "regeneration",
    ]
    assert find_phrases(["a", "b", "c"], {"a b": 1, "b": 2, "c": 3}) == [1, 3]


def test_same_organisation_ignores_how_it_is_typed() -> None:
    """Organisations compare case- and punctuation-blind; a missing one never clashes."""
    assert same_organisation("London Borough of Camden", "london borough of camden.")
    assert not same_organisation("London Borough of Camden", "London Borough of Hackney")
    assert not same_organisation(None, "London Borough of Camden")
