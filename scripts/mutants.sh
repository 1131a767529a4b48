#!/usr/bin/env bash
# Mutation testing of the rule book (src/lifecycle) with cargo-mutants:
# how many deliberate bugs the tests catch. Too slow for .ci/run (hundreds
# of builds); run it by hand. The figure is in README.md and docs/mutants.md.
#
#   scripts/mutants.sh             # every mutant of src/lifecycle
#   scripts/mutants.sh --shard 1/4 # a quarter of them (cargo-mutants' --shard)
#   scripts/mutants.sh --recheck   # only the mutants the last run missed
#                                  # (matched by file and description, so
#                                  # line shifts do not matter), into
#                                  # mutants.recheck/
#
# The tests run are the core's unit tests and the rule-book binary
# (`tests/lifecycle`), without a signing backend, with the proptest kit.
# Results land in mutants.out/ (caught.txt, missed.txt, timeout.txt,
# unviable.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
run() {
    cargo mutants \
        --package amazon-pay-core \
        --file 'src/lifecycle/**/*.rs' \
        --no-default-features --features proptest \
        --test-workspace=false \
        --cargo-test-arg=--lib \
        --cargo-test-arg=--test=lifecycle \
        --profile mutants \
        --timeout 300 \
        "$@"
}
if [ "${1:-}" = "--recheck" ]; then
    shift
    filters=()
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        file=${line%%:*}
        description=${line#*: }
        escaped=$(printf '%s' "$description" | sed -e 's/[][\\.*+?(){}|^$]/\\&/g')
        filters+=(-F "^${file//./\\.}:[0-9]+:[0-9]+: ${escaped}\$")
    done < mutants.out/missed.txt
    [ "${#filters[@]}" -gt 0 ] || { echo "no missed mutants to recheck"; exit 0; }
    mkdir -p mutants.recheck
    run "${filters[@]}" --output mutants.recheck "$@"
else
    run --output . "$@"
fi
