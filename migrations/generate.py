"""Autogenerate a migration against a scratch SQLite database: `python -m migrations.generate MSG`.

Read the generated file before committing it (STYLE.md rule 7).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from bot.db import alembic_config, make_engine


def main() -> None:
    message = " ".join(sys.argv[1:]) or "change"
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        config = alembic_config(engine)
        command.upgrade(config, "head")
        script = command.revision(config, message=message, autogenerate=True)
        engine.dispose()
    for revision in script if isinstance(script, list) else [script]:
        if revision is not None:  # Alembic leaves trailing spaces (e.g. an empty "Revises:")
            path = Path(revision.path)
            lines = (line.rstrip() for line in path.read_text().splitlines())
            path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
