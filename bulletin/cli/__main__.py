"""`python -m bulletin.cli`, as the tests and the reference build run the command."""

import sys

from bulletin.cli import main

sys.exit(main())
