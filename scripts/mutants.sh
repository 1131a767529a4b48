#!/usr/bin/env bash
# Mutation testing of the rule book (src/lifecycle) with cargo-mutants:
# how many deliberate bugs the tests catch. Too slow for .ci/run (hundreds
# of builds); run it by hand. The figure is in README.md and docs/mutants.md.
#
#   scripts/mutants.sh             # every mutant of src/lifecycle
#   scripts/mutants.sh --shard 1/4 # a quarter of them (cargo-mutants' --shard)
#
# The tests run are the core's own (unit tests, the rule-book binary
# `tests/lifecycle`, the operations and families binaries, which drive the
# ledger too), without a signing backend, with the proptest kit. The
# results land in mutants.out/ (caught.txt, missed.txt, timeout.txt,
# unviable.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
exec cargo mutants \
    --package amazon-pay-core \
    --file 'src/lifecycle/**/*.rs' \
    --no-default-features --features proptest \
    --test-workspace=false \
    --cargo-test-arg=--lib \
    --cargo-test-arg=--test=lifecycle \
    --profile mutants \
    --timeout 300 \
    --output . \
    "$@"
