"""The first Home sections: next module and the programme at a glance.

Other features add theirs in their own modules (see `registry.py`): mentoring's are in
`mentoring.py`, check-ins' (reflections waiting, your reflections) in `checkins.py`. A
feature that grows one of these (the organisers' dashboard) may replace it here.
"""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from bot.home.registry import HomeScope, HomeSection, home_section
from bot.models import Membership, Module
from bot.timefmt import format_span


def _modules(session: Session, scope: HomeScope) -> list[Module]:
    statement = (
        select(Module)
        .where(Module.programme_id == scope.programme.id, col(Module.active))
        .order_by(col(Module.starts_at))
    )
    return list(session.exec(statement).all())


def next_module(session: Session, scope: HomeScope) -> Module | None:
    """The module under way or next to start (None once the programme is over)."""
    return next((m for m in _modules(session, scope) if m.ends_at > scope.now), None)


def module_facts(module: Module, timezone: str) -> list[tuple[str, str]]:
    """When, where, how to join and what to prepare, for people to read."""
    facts = [("When", format_span(module.starts_at, module.ends_at, timezone))]
    if module.venue:
        facts.append(("Where", module.venue))
    if module.online:
        facts.append(("Online", module.online))
    if module.prepare:
        facts.append(("Prepare", module.prepare))
    return facts


@home_section(roles=("participant", "mentor", "organiser"), order=10)
def next_module_section(session: Session, scope: HomeScope) -> HomeSection | None:
    module = next_module(session, scope)
    if module is None:
        return HomeSection("next_module", "Modules", lines=["All the modules have taken place."])
    underway = module.starts_at <= scope.now
    title = f"{'Now' if underway else 'Next'}: Module {module.number}, {module.title}"
    return HomeSection(
        "next_module",
        title,
        facts=module_facts(module, scope.programme.timezone),
        lines=[module.summary] if module.summary else [],
    )


@home_section(roles=("organiser",), order=5)
def programme_summary_section(session: Session, scope: HomeScope) -> HomeSection | None:
    programme = scope.programme
    counts = dict(
        session.exec(
            select(Membership.role, func.count())
            .where(Membership.programme_id == programme.id, col(Membership.active))
            .group_by(Membership.role)
        ).all()
    )
    modules = _modules(session, scope)
    done = sum(1 for m in modules if m.ends_at <= scope.now)
    facts = [
        ("People", f"{counts.get('participant', 0)} participants, {counts.get('mentor', 0)} "
                   f"mentors, {counts.get('organiser', 0)} organisers"),
        ("Modules", f"{done} of {len(modules)} done"),
    ]  # fmt: skip
    return HomeSection("programme_summary", "Programme at a glance", facts=facts)
