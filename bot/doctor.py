"""`cohort doctor`: check what can be checked, and say exactly what is wrong.

Without Slack tokens it checks the settings, the database (reachable and migrated) and
the loaded programmes. With a bot token it also asks Slack who the bot is (`auth.test`),
which scopes it has, and whether it is a member of each programme's channels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from bot.db import make_engine, pending_migrations, session_scope
from bot.models import Membership, Module, Programme
from bot.settings import Settings


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str


def run_checks(settings: Settings) -> Iterator[Check]:
    """Every check, in order; stops early when the database is unusable."""
    mode = (
        "sandbox (no SLACK_BOT_TOKEN)"
        if settings.sandbox
        else ("Socket Mode" if settings.slack_app_token else "HTTP (needs SLACK_SIGNING_SECRET)")
    )
    yield Check("settings", True, f"valid; mode: {mode}")
    if not settings.sandbox and not settings.slack_app_token and not settings.slack_signing_secret:
        yield Check("signing secret", False, "HTTP mode needs SLACK_SIGNING_SECRET")
    engine = make_engine(settings.database_url)
    try:
        pending = pending_migrations(engine)
    except SQLAlchemyError as exc:
        yield Check("database", False, f"cannot reach {engine.url!r}: {exc.__class__.__name__}")
        return
    if pending:
        yield Check(
            "database", False, f"{len(pending)} migration(s) pending: run `cohort db upgrade`"
        )
        return
    yield Check("database", True, f"{engine.url.get_backend_name()} reachable and up to date")
    yield from _programme_checks(engine)
    if not settings.sandbox:
        from bot.slack_checks import slack_checks

        yield from slack_checks(settings, engine)


def _programme_checks(engine: Engine) -> Iterator[Check]:
    with session_scope(engine) as session:
        programmes = session.exec(select(Programme).order_by(Programme.slug)).all()
        if not programmes:
            yield Check("programmes", False, "none loaded: run `cohort load FILE.yaml`")
            return
        for programme in programmes:
            modules = len(
                session.exec(
                    select(Module.id).where(Module.programme_id == programme.id, Module.active)
                ).all()
            )
            people = len(
                session.exec(
                    select(Membership.id).where(
                        Membership.programme_id == programme.id, Membership.active
                    )
                ).all()
            )
            yield Check(f"programme {programme.slug}", True, f"{modules} modules, {people} people")
