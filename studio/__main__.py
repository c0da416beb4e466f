"""`python -m studio` runs the studio, like `lyra`."""

import sys

from studio.cli import main

sys.exit(main())
