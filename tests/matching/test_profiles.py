"""Profiles edited by their owners, and the organisers' view of pairs that have gone quiet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.errors import CohortError
from bot.loader import load_programme_path
from bot.matching.pairs import MeetingInputError, log_meeting
from bot.matching.profiles import (
    ProfileInputError,
    ProfileUpdate,
    missing_profiles,
    parse_tags,
    update_profile,
)
from bot.matching.report import pair_reports
from bot.models import MentorMatch, Programme
from tests.matching.helpers import load_and_apply, match_of

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def test_tags_are_split_trimmed_and_deduplicated() -> None:
    """Lines, commas and semicolons separate tags; repeats (any case) count once."""
    assert parse_tags("goals", " CEO,  finance\nFinance; systems  thinking\n\n") == [
        "CEO",
        "finance",
        "systems thinking",
    ]
    with pytest.raises(ProfileInputError, match="at most 12"):
        parse_tags("goals", ",".join(f"t{i}" for i in range(13)))


def test_owners_edit_their_own_profile_only(db: Engine, example_file: Path) -> None:
    """A mentor's expertise and capacity are saved; a bad capacity or an organiser is refused."""
    with session_scope(db) as session:
        load_programme_path(session, path=example_file)
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        saved = update_profile(
            session, programme=programme, slack_id="U0EXMENT01",
            update=ProfileUpdate(tags={"expertise": "finance, CEO"}, capacity="1",
                                 avoid=["U0EXPART01", "U0EXMENT01"]),
        )  # fmt: skip
        assert saved.expertise == ["finance", "CEO"]
        assert saved.capacity == 1
        assert saved.avoid == ["U0EXPART01"]  # nobody avoids themselves
        with pytest.raises(ProfileInputError, match="between 0 and 10"):
            update_profile(session, programme=programme, slack_id="U0EXMENT01",
                           update=ProfileUpdate(tags={}, capacity="99"))  # fmt: skip
        with pytest.raises(CohortError, match="only participants and mentors"):
            update_profile(session, programme=programme, slack_id="U0EXORG001",
                           update=ProfileUpdate(tags={}))  # fmt: skip
        update_profile(session, programme=programme, slack_id="U0EXPART01",
                       update=ProfileUpdate(tags={"goals": ""}))  # fmt: skip
        assert [p.slack_id for p in missing_profiles(session, programme=programme)] == [
            "U0EXPART01"
        ]


def test_quiet_pairs_and_meeting_rules(db: Engine, shared_example_file: Path) -> None:
    """No meeting in 2 × prompt_every marks a pair quiet; future dates cannot be logged."""
    load_and_apply(db, shared_example_file, now=NOW)
    match = match_of(db, "U07LLPP0002")
    assert match.id is not None
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        later = NOW + timedelta(weeks=6, days=1)
        reports = pair_reports(session, programme=programme, now=later)
        assert all(r.quiet for r in reports)
        with pytest.raises(MeetingInputError, match="still to come"):
            log_meeting(session, match_id=match.id, slack_id="U07LLPP0002",
                        met_on=date(2027, 3, 1), topics=None, next_on=None, now=later)  # fmt: skip
        with pytest.raises(CohortError, match="only the mentor and the mentee"):
            log_meeting(session, match_id=match.id, slack_id="U07LLPP0001",
                        met_on=date(2027, 2, 1), topics=None, next_on=None, now=later)  # fmt: skip
        log_meeting(session, match_id=match.id, slack_id="U07LLPP0002", met_on=date(2027, 2, 1),
                    topics="t", next_on=None, now=later)  # fmt: skip
        daniel = next(
            r for r in pair_reports(session, programme=programme, now=later)
            if r.mentee == "U07LLPP0002"
        )  # fmt: skip
        assert not daniel.quiet
        assert daniel.last_meeting == date(2027, 2, 1)
        assert session.get_one(MentorMatch, match.id).status == "active"
