#!/usr/bin/env python3
"""Rebuild the sample site and store its manifest as the reference build (testsupport/reference.py says how)."""

import sys

from testsupport.reference import main

if __name__ == "__main__":
    sys.exit(main())
