"""`python -m bot` runs the same CLI as the `cohort` console script."""

from bot.cli import main

main()
