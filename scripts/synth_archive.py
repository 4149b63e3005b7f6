#!/usr/bin/env python3
"""Write a synthetic archive of N items using an office's config (default: the bundled sample's).

    python scripts/synth_archive.py --items 20000 --out /tmp/archive20k

The tests' sample (tests/fixtures/sample, once the bundled content/) is
`--items 170 --start-year 2025 --years 2 --seed 7 --out tests/fixtures/sample`.
"""

import argparse
from pathlib import Path

from testsupport.synthetic import write_archive

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=ROOT / "tests" / "fixtures" / "sample", help="folder with bulletin.yml, units.yml, topics.yml")
    parser.add_argument("--start-year", type=int, default=2017)
    parser.add_argument("--years", type=int, default=0, help="default: one year per 2,000 items, at least 2")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    years = args.years or max(2, args.items // 2000)
    write_archive(args.config, args.out, args.items, args.start_year, years, args.seed)
    print(f"wrote {args.items} items over {years} years to {args.out}")


if __name__ == "__main__":
    main()
