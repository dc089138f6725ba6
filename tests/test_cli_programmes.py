"""`cohort load`, `people import`, `db upgrade` and `doctor` with the exit-code convention."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tests.dbdump import dump


def test_load_twice_changes_nothing(cli, empty_db: Engine, shared_example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """The second load of the same file reports no change and leaves the database as it was."""
    first = cli("load", str(shared_example_file))
    assert first.exit_code == 0, first.output
    assert "london-leadership-7: loaded" in first.stdout
    before = dump(empty_db)
    second = cli("load", str(shared_example_file))
    assert second.exit_code == 0
    assert "london-leadership-7: unchanged" in second.stdout
    assert dump(empty_db) == before


def test_malformed_file_exits_1_with_one_line(
    cli, empty_db: Engine, shared_example_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A bad file: exit 1, one clear line on stderr, no traceback, nothing written."""
    cli("load", str(shared_example_file))
    before = dump(empty_db)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        shared_example_file.read_text().replace("timezone: Europe/London", "timezone: Mars/Olympus")
    )
    result = cli("load", str(bad))
    assert result.exit_code == 1
    assert result.stderr == (
        "cohort: programme.timezone: 'Mars/Olympus' is not an IANA timezone like "
        "Europe/London (line 7)\n"
    )
    assert "Traceback" not in result.output
    assert dump(empty_db) == before


def test_missing_file_and_usage(cli) -> None:  # type: ignore[no-untyped-def]
    """A missing file is a handled error (1); a missing argument is a usage error (2)."""
    missing = cli("load", "nowhere.yaml")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("cohort: nowhere.yaml: cannot read")
    assert cli("load").exit_code == 2


def test_load_if_empty(cli, example_file: Path, shared_example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """`--if-empty` loads the example only into an empty database (what `make run` does)."""
    assert "loaded" in cli("load", "--if-empty", str(example_file)).stdout
    skipped = cli("load", "--if-empty", str(shared_example_file))
    assert skipped.exit_code == 0
    assert "already loaded" in skipped.stdout


def test_people_import_needs_programme_when_several(
    cli, example_file: Path, shared_example_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """With two programmes loaded, `--programme` is required and named in the error."""
    cli("load", str(example_file))
    cli("load", str(shared_example_file))
    csv = tmp_path / "p.csv"
    csv.write_text("slack,name,role\nU0NEW00001,New Person,participant\n")
    ambiguous = cli("people", "import", str(csv))
    assert ambiguous.exit_code == 1
    assert "pass --programme" in ambiguous.stderr
    ok = cli("people", "import", str(csv), "--programme", "london-leadership-7")
    assert ok.exit_code == 0, ok.output
    unknown = cli("people", "import", str(csv), "--programme", "nope")
    assert unknown.exit_code == 1
    assert "no programme 'nope'" in unknown.stderr


def test_db_upgrade_and_doctor(cli, shared_example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """`db upgrade` succeeds; `doctor` says what is missing, then that all is well."""
    assert cli("db", "upgrade").exit_code == 0
    empty = cli("doctor")
    assert empty.exit_code == 1
    assert "none loaded" in empty.stdout
    cli("load", str(shared_example_file))
    healthy = cli("doctor")
    assert healthy.exit_code == 0, healthy.stdout
    assert "✓ programme london-leadership-7: 6 modules, 12 people" in healthy.stdout
