"""Who may do what with mentoring, and which programme a Slack request is about.

Organisers only may propose, adjust and approve matches, end pairs and nudge people;
every handler asks here first. A mentor sees only what their own mentees shared, and a
pair's meetings belong to the pair (see `pairs.pair_for`).
"""

from __future__ import annotations

from sqlmodel import Session, select

from bot.conversation import programme_in_context
from bot.errors import CohortError
from bot.models import MentorMatch, Programme
from bot.programmes import is_organiser, memberships_of

ORGANISERS_ONLY = "Only the programme's organisers can do that."


def programme_by_slug(session: Session, slug: str) -> Programme:
    """A programme named in a button or a command; CohortError when unknown."""
    programme = session.exec(select(Programme).where(Programme.slug == slug)).first()
    if programme is None:
        raise CohortError(f"There is no programme `{slug}`.")
    return programme


def require_organiser(session: Session, *, programme: Programme, slack_id: str) -> None:
    """CohortError unless `slack_id` organises `programme`."""
    if not is_organiser(session, programme=programme, slack_id=slack_id):
        raise CohortError(ORGANISERS_ONLY)


def organised_by_slug(session: Session, *, slug: str, slack_id: str) -> Programme:
    """The programme a button names, once we know `slack_id` organises it."""
    programme = programme_by_slug(session, slug)
    require_organiser(session, programme=programme, slack_id=slack_id)
    return programme


def organised_programme(
    session: Session, *, slack_id: str, channel: str | None, slug: str | None = None
) -> Programme:
    """The programme an organiser means: named, the channel's, or the only one they organise.

    Raises CohortError when it cannot tell, or when they do not organise it.
    """
    if slug:
        programme = programme_by_slug(session, slug)
    else:
        found = programme_in_context(session, slack_id=slack_id, channel=channel or "")
        organised = [p for p, m in memberships_of(session, slack_id) if m.role == "organiser"]
        if found is None and len(organised) == 1:
            found = organised[0]
        if found is None:
            if not organised:
                raise CohortError(ORGANISERS_ONLY)
            names = ", ".join(f"`{p.slug}`" for p in organised)
            raise CohortError(f"Which programme? Add its id: one of {names}.")
        programme = found
    require_organiser(session, programme=programme, slack_id=slack_id)
    return programme


def programme_of_match(session: Session, match_id: int) -> Programme:
    """The programme a pair (proposed, active or ended) belongs to."""
    match = session.get(MentorMatch, match_id)
    programme = session.get(Programme, match.programme_id) if match else None
    if programme is None:
        raise CohortError("That mentoring pair no longer exists.")
    return programme
