#!/usr/bin/env bash
# A fuzz campaign far larger than CI's: both fuzz tests, tests/test_fuzz.py (byte-level) and
# tests/test_fuzz_structured.py (structure-aware mutations of the sample), for each seed given, with CASES cases each.
#
#   scripts/fuzz_campaign.sh [CASES] [SEED...]      default: 20000 cases, seeds 1 2 3
#
# A failure prints the seed, the case and the mutation (replay with the same seed and case count).
# Runs niced: it takes many minutes and should not slow anyone's build.
set -u
cd "$(dirname "$0")/.."
cases=${1:-20000}
shift || true
seeds=${*:-1 2 3}
status=0
for seed in $seeds; do
    echo "== seed $seed: $cases byte-level and $cases structured cases"
    BULLETIN_FUZZ_SEED=$seed BULLETIN_FUZZ_CASES=$cases BULLETIN_FUZZ_STRUCT_CASES=$cases \
        nice .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_fuzz_structured.py || status=1
done
exit $status
