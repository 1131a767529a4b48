#!/usr/bin/env bash
# The full crash test: at least 50 SIGKILLs over at least 500 checkouts on
# SQLite, and the same with two merchants racing on one PostgreSQL (started
# here, stopped at the end). `.ci/run` runs a short one.
set -euo pipefail
cd "$(dirname "$0")/../.."
export AMZP_SOAK_KILLS=${AMZP_SOAK_KILLS:-50} AMZP_SOAK_CHECKOUTS=${AMZP_SOAK_CHECKOUTS:-500}
export AMZP_SOAK_SECONDS=${AMZP_SOAK_SECONDS:-1800}
pg=$(mktemp -d /tmp/amzp-pg-XXXXXX)
trap 'store/scripts/postgres.sh stop "$pg"' EXIT
pg_env=$(store/scripts/postgres.sh start "$pg")
eval "$pg_env"
cargo test -p amazon-pay-store --features postgres --test soak -- --nocapture --test-threads=1 2>&1 \
  | grep -E "soak|race:|test result|panicked"
