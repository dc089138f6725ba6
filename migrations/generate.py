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
        command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    main()
