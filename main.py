"""Runs Lyra Studio (the same as `lyra`)."""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
