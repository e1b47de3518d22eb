"""``python -m lapcheck``."""

from lapcheck.cli import main

main()
