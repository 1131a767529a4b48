#!/usr/bin/env python3
"""Runs the store's bench (`store/benches/journal.rs`) and prints, for each
store, journaled captures per second, the ratio to the memory store and the
time of one capture in fsyncs of 4 KiB measured in the same run.

    python3 store/benches/report.py      # needs AMZP_POSTGRES for PostgreSQL

Start a PostgreSQL first with `eval "$(store/scripts/postgres.sh start DIR)"`.
"""
import json
import os
import subprocess
import sys

TARGET = os.environ.get("CARGO_TARGET_DIR", "target")
NAMES = ["memory", "sqlite-full", "sqlite-normal", "postgres", "postgres-async-commit"]


def mean_ns(path):
    # criterion names the directory of `a/b` after `a_b`.
    with open(os.path.join(TARGET, "criterion", "_".join(path), "new", "estimates.json")) as f:
        return json.load(f)["mean"]["point_estimate"]


def main():
    features = ["--features", "postgres"] if os.environ.get("AMZP_POSTGRES") else []
    subprocess.run(["cargo", "bench", "-q", "-p", "amazon-pay-store", *features,
                    "--bench", "journal"], check=True, stdout=sys.stderr)
    fsync = mean_ns(["fsync", "4KiB"])
    memory = mean_ns(["capture", "memory"])
    print(f"{'store':<24}{'captures/s':>12}{'× memory':>10}{'in fsyncs':>11}")
    for name in NAMES:
        try:
            ns = mean_ns(["capture", name])
        except FileNotFoundError:
            continue
        print(f"{name:<24}{1e9 / ns:>12,.0f}{memory / ns:>10.3f}{ns / fsync:>11.1f}")
    print(f"{'(fsync of 4 KiB)':<24}{1e9 / fsync:>12,.0f}")


if __name__ == "__main__":
    main()
