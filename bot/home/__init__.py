"""A person's App Home, as plain data (see `registry.py` for how features add sections).

Importing this package registers every section provider; a new feature's module is
imported here.
"""

from bot.home import checkins, mentoring, outbox, questions, sections  # noqa: F401 (registers)
from bot.home.registry import (
    Home,
    HomeButton,
    HomeScope,
    HomeSection,
    ProgrammeHome,
    build_home,
    home_section,
)

__all__ = [
    "Home",
    "HomeButton",
    "HomeScope",
    "HomeSection",
    "ProgrammeHome",
    "build_home",
    "home_section",
]
