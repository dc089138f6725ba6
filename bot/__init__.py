"""Cohort: a Slack companion for leadership development programmes.

`bot` is the core: settings, models, the programme loader, the services and the CLI.
It holds no Slack types, except in the app factory, the emulator and the sandbox.
"""

__version__ = "0.1.0"
