"""From free-typed tags to comparable keys: normalisation and the domain's synonyms.

People type the same theme many ways: "Budgets", "budget", "financial management";
"CEO", "chief exec", "chief executive role"; "organization" and "organisation". A tag
becomes a *key* in four steps, each applied the same way to both sides so the result
only has to be consistent, not pretty:

1. fold case and accents, turn `&` into "and", drop apostrophes, make every other
   punctuation mark a space ("data-driven" → "data driven");
2. British spelling for American forms (a word table plus the -ize/-yze endings);
3. plurals to singulars ("inequalities" → "inequality", "budgets" → "budget");
4. drop filler words that carry no theme ("role", "my", "of", "becoming" …).

`SYNONYMS` then maps every variant key of a theme to one canonical *concept*, whose
label ("chief executive role", "finance") is what the reasons show. Keys that are not
in the table are concepts of their own; `scoring` compares those fuzzily.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import TypeVar

T = TypeVar("T")

AMERICAN_TO_BRITISH = {
    "analog": "analogue",
    "behavior": "behaviour",
    "behavioral": "behavioural",
    "catalog": "catalogue",
    "center": "centre",
    "color": "colour",
    "counselor": "counsellor",
    "counseling": "counselling",
    "defense": "defence",
    "dialog": "dialogue",
    "endeavor": "endeavour",
    "enroll": "enrol",
    "favor": "favour",
    "fiber": "fibre",
    "fulfill": "fulfil",
    "gray": "grey",
    "honor": "honour",
    "humor": "humour",
    "judgment": "judgement",
    "labor": "labour",
    "license": "licence",
    "modeling": "modelling",
    "neighbor": "neighbour",
    "neighborhood": "neighbourhood",
    "offense": "offence",
    "pediatric": "paediatric",
    "practicing": "practising",
    "program": "programme",
    "rumor": "rumour",
    "theater": "theatre",
    "traveling": "travelling",
    "vigor": "vigour",
    "aging": "ageing",
}
# -ize/-yze → -ise/-yse, with at least three letters before so "size" and "prize" stay.
_IZE = re.compile(r"^(\w{3,})iz(e|es|ed|ing|ation|ations|er|ers)$")
_YZE = re.compile(r"^(\w{2,})yz(e|es|ed|ing|er|ers)$")
_NOT_PLURAL = frozenset(
    {"news", "series", "species", "politics", "economics", "ethics", "analytics", "always"}
)
FILLER = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "for", "on", "at", "with", "and", "as", "by",
        "my", "our", "their", "role", "skill", "being", "becoming", "getting", "improving",
        "developing", "building", "better", "more", "own",
    }
)  # fmt: skip

# Canonical label → variants, as people write them (normalised when the table is built).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "chief executive role": (
        "ceo", "chief exec", "chief executive", "chief executive officer", "ceo role",
        "head of paid service", "top job", "chief exec role",
    ),
    "director role": ("director", "director post", "director position", "corporate director"),
    "finance": (
        "finances", "financial management", "budgets", "budget", "budget management",
        "financial planning", "financial strategy", "financial acumen", "money",
        "medium term financial strategy", "mtfs", "public finance", "financial literacy",
        "local government finance",
    ),
    "political navigation": (
        "working with politicians", "member relations", "working with members",
        "working with elected members", "elected members", "councillors",
        "working with councillors", "councillor relations", "political acumen",
        "political awareness", "political astuteness", "politics", "navigating politics",
        "political sensitivity", "politicians",
    ),
    "public narrative": (
        "storytelling", "story telling", "narrative", "communications", "comms",
        "strategic communications", "telling the story",
    ),
    "public speaking": ("presenting", "presentation", "speaking", "media appearances"),
    "system leadership": (
        "systems leadership", "systems thinking", "whole system leadership",
        "place leadership", "leading across systems", "system working", "whole systems",
    ),
    "partnerships": (
        "partnership working", "partnership", "collaboration", "working in partnership",
        "cross sector partnership", "collaborative leadership",
    ),
    "national profile": (
        "raising profile", "profile", "visibility", "personal brand", "national visibility",
        "external profile",
    ),
    "networking": ("networks", "building networks", "network"),
    "resilience": (
        "personal resilience", "wellbeing", "well being", "self care", "burnout",
        "stress management", "work life balance",
    ),
    "commercial skills": (
        "commercial acumen", "commercialisation", "commercial awareness", "income generation",
        "commercial",
    ),
    "data-driven decisions": (
        "data", "data driven decision making", "evidence based decisions",
        "evidence based policy", "use of data", "data and insight", "analytics",
        "business intelligence",
    ),
    "community engagement": (
        "engaging communities", "co production", "coproduction", "resident engagement",
        "community involvement", "citizen engagement", "public engagement",
    ),
    "health inequalities": ("health equity", "inequalities in health", "population health"),
    "integration with health": (
        "health and social care integration", "nhs integration", "integrated care",
        "integrated care system", "ics", "working with the nhs", "nhs partnership",
        "health integration",
    ),
    "workforce": (
        "workforce shortages", "workforce planning", "recruitment", "recruitment and retention",
        "retention", "staff shortages", "staffing", "talent management",
    ),
    "change management": (
        "leading change", "transformation", "organisational change", "change leadership",
        "managing change", "service transformation", "culture change",
    ),
    "equality, diversity and inclusion": (
        "edi", "equality diversity and inclusion", "diversity and inclusion", "d and i",
        "equity", "anti racism", "diversity", "inclusive leadership",
    ),
    "housing": (
        "homelessness", "temporary accommodation", "housing supply", "housing need",
        "social housing", "housing delivery",
    ),
    "children's services": (
        "children's social care", "safeguarding children", "ofsted", "children and families",
    ),
    "adult social care": ("adults services", "social care", "care act", "adult services"),
    "public health": ("health protection", "health improvement"),
    "regeneration": ("place shaping", "economic development", "growth", "inclusive growth"),
    "stakeholder management": (
        "stakeholder engagement", "managing stakeholders", "stakeholder relations",
        "stakeholders",
    ),
    "conflict resolution": ("conflict", "managing conflict", "difficult conversations"),
    "private sector partnership": ("private sector", "working with business", "business"),
    "digital transformation": ("digital", "technology", "digital services", "digitalisation"),
    "performance management": ("managing performance", "performance improvement", "performance"),
    "strategy": ("strategic planning", "strategic thinking", "setting strategy"),
    "governance": ("corporate governance", "risk management", "assurance"),
    "coaching": ("coaching skills", "coaching style", "mentoring others"),
    "confidence": (
        "self confidence", "imposter syndrome", "impostor syndrome", "executive presence",
        "gravitas",
    ),
    "influencing": (
        "influence", "influencing without authority", "influencing skills", "persuasion",
    ),
    "organisational culture": ("culture", "workplace culture", "team culture"),
    "board experience": (
        "board presence", "boardroom presence", "non executive", "non executive director",
        "ned", "board membership", "trustee", "boards",
    ),
    "climate": (
        "net zero", "climate change", "sustainability", "climate emergency", "decarbonisation",
    ),
    "commissioning": ("procurement", "contract management", "commissioning services"),
}  # fmt: skip


def _fold(text: str) -> str:
    """Case- and accent-folded text with only letters, digits and single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("+", " and ")
    text = re.sub(r"['’`]", "", text)
    return re.sub(r"[^\w]+|_", " ", text).strip()


def _british(word: str) -> str:
    if word in AMERICAN_TO_BRITISH:
        return AMERICAN_TO_BRITISH[word]
    if match := _IZE.match(word):
        return f"{match.group(1)}is{match.group(2)}"
    if match := _YZE.match(word):
        return f"{match.group(1)}ys{match.group(2)}"
    return word


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _NOT_PLURAL or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The normalised words of `text` (steps 1–3), filler included."""
    return tuple(_singular(_british(w)) for w in _fold(text).split())


def key(text: str) -> str:
    """The comparable key of a tag (steps 1–4); empty when it is only filler."""
    return " ".join(w for w in words(text) if w not in FILLER)


@cache
def synonym_table() -> dict[str, str]:
    """Every variant key (and every canonical label's key) → the canonical label."""
    table: dict[str, str] = {}
    for label, variants in SYNONYMS.items():
        for variant in (label, *variants):
            table.setdefault(key(variant), label)
    table.pop("", None)
    return table


def canonical(tag_key: str) -> str | None:
    """The canonical label of a key when the synonym table knows it, else None."""
    return synonym_table().get(tag_key)


def subphrases(tag_key: str) -> list[str]:
    """Canonical labels of the synonyms found *inside* a key ("budget pressure" → finance).

    The key itself is not included; see `find_phrases` for which phrases win.
    """
    tokens = tag_key.split()
    return find_phrases(tokens, synonym_table(), longest=len(tokens) - 1)


def find_phrases(tokens: list[str], table: Mapping[str, T], *, longest: int = 4) -> list[T]:
    """The values of `table` whose keys occur as runs of `tokens`, each once.

    Longer phrases win: once "business intelligence" is found, the "business" inside it
    is not looked up again.
    """
    taken = [False] * len(tokens)
    found: list[T] = []
    for size in range(min(longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            if any(taken[start : start + size]):
                continue
            value = table.get(" ".join(tokens[start : start + size]))
            if value is not None:
                taken[start : start + size] = [True] * size
                if value not in found:
                    found.append(value)
    return found


def same_organisation(a: str | None, b: str | None) -> bool:
    """True when both organisations are given and name the same body, however typed."""
    if not a or not b:
        return False
    return words(a) == words(b)
