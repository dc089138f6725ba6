"""`cohort ask` (one question, --json, --batch), `cohort export questions` and `wordings`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from bot.answering import clear_cache
from bot.db import make_engine, session_scope
from bot.models import FaqPhrasing, Programme


def _loaded(cli, example_file: Path):  # type: ignore[no-untyped-def]
    clear_cache()
    assert cli("load", str(example_file)).exit_code == 0
    return cli


def test_ask_json_matches_the_interface(cli, example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """--json prints one object with answered, text, sources and confidence."""
    run = _loaded(cli, example_file)
    result = run("ask", "--json", "--at", "2027-03-01 09:00", "when", "is", "the", "next", "module")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answered"] is True
    assert data["sources"] == [{"kind": "module", "number": 2}]
    assert data["text"].startswith("Module 2, Power, Politics and Influence, is on Friday 26 March")


def test_ask_plain_and_not_answered(cli, example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Without --json the answer and its source are printed; a refusal says so."""
    run = _loaded(cli, example_file)
    plain = run("ask", "is there a dress code?")
    assert plain.exit_code == 0
    assert "smart casual" in plain.stdout
    assert "(source: Is there a dress code?" in plain.stdout
    refused = run("ask", "--json", "can you book me a hotel?")
    assert json.loads(refused.stdout)["answered"] is False


def test_batch_answers_each_line_in_order(cli, example_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--batch FILE and --batch - give one JSON answer per request, in order."""
    run = _loaded(cli, example_file)
    lines = [
        {"q": "where is mod 3"},
        {"q": "who is my mentor", "as": "U0EXPART12"},
        {"q": "when is the next module", "at": "2027-06-01 09:00"},
    ]
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    for args, stdin in ((("--batch", str(batch)), None), (("--batch", "-"), batch.read_text())):
        result = run("ask", *args, input=stdin)
        assert result.exit_code == 0, result.output
        answers = [json.loads(line) for line in result.stdout.splitlines()]
        assert [a["sources"][0] for a in answers] == [
            {"kind": "module", "number": 3},
            {"kind": "mentor", "slack": None},
            {"kind": "module", "number": 4},
        ]


def test_bad_input_is_one_line_and_exit_1(cli, example_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bad --at or a bad batch line: exit 1 with one line naming where."""
    run = _loaded(cli, example_file)
    bad_at = run("ask", "--at", "2027-02-30 09:00", "hello")
    assert bad_at.exit_code == 1
    assert bad_at.stderr == "cohort: --at: '2027-02-30 09:00' is not a time like 2027-03-11 09:30\n"
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"q": "fine"}\n{"question": "wrong key"}\n')
    result = run("ask", "--batch", str(batch))
    assert result.exit_code == 1
    assert result.stderr == f'cohort: {batch} line 2: needs {{"q": "question", ...}}\n'
    assert result.stdout == ""
    assert run("ask").exit_code == 2


def test_export_questions_empty_and_csv_header(cli, example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """`export questions` writes a CSV header (or a JSON list) even with no questions yet."""
    run = _loaded(cli, example_file)
    as_csv = run("export", "questions")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines()[0].startswith("id,asked_at,asker,question,answered")
    assert json.loads(run("export", "questions", "--format", "json").stdout) == []


def test_plain_ask_lists_the_suggestions_of_a_hand_over(cli, example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """A refusal names the FAQ entries the bot would offer beside the hand-over."""
    run = _loaded(cli, example_file)
    result = run("ask", "I'm on leave for module 4, how does that affect completing the programme?")
    assert result.exit_code == 0, result.output
    assert "(not answered: it would go to the organisers)" in result.stdout
    assert "may help: What happens if I miss a module? (faq:missing-module)" in result.stdout


def test_export_wordings_lists_what_organisers_added(cli, example_file: Path, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """`export wordings`: each wording an organiser added to an FAQ entry, CSV or JSON."""
    run = _loaded(cli, example_file)
    assert run("export", "wordings").stdout.splitlines() == ["faq,wording,added_by,added_at"]
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        programme = session.exec(select(Programme)).one()
        session.add(FaqPhrasing(programme_id=programme.id, faq_slug="missing-module",
                                text="I'm on leave for module 4, is that ok?",
                                added_by="U0EXORG001",
                                added_at=datetime(2027, 1, 4, 10, 5, tzinfo=UTC)))  # fmt: skip
    engine.dispose()
    [row] = json.loads(run("export", "wordings", "--format", "json").stdout)
    assert row == {
        "faq": "missing-module",
        "wording": "I'm on leave for module 4, is that ok?",
        "added_by": "U0EXORG001",
        "added_at": "2027-01-04T10:05:00+00:00",
    }
