"""`python -m bulletin.cli`, as the tests and the reference build run the command."""

import sys

from bulletin.cli import main

if __name__ == "__main__":   # walking the package's modules (tests/test_layout.py) imports this too
    sys.exit(main())
