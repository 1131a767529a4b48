#!/usr/bin/env python3
"""Runs the signing benches with an OpenSSL reference measured in the same run
and prints ops/s and ratios (the machine is shared and noisy: compare ratios).

    python3 benches/report.py            # full run (about 2 minutes)
    python3 benches/report.py --quick    # shorter measurement

OpenSSL is measured before and after the benches; the reference is the mean.
"""
import json
import os
import re
import subprocess
import sys

QUICK = "--quick" in sys.argv


def openssl_rsa2048():
    seconds = "1" if QUICK else "3"
    out = subprocess.run(["openssl", "speed", "-seconds", seconds, "rsa2048"],
                         capture_output=True, text=True, check=True).stdout
    # "rsa 2048 bits 0.000612s 0.000018s   1633.0  55208.4"
    for line in out.splitlines():
        m = re.match(r"\s*rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            return float(m.group(1)), float(m.group(2))
    raise SystemExit("cannot read `openssl speed` output:\n" + out)


def criterion_mean_ns(name):
    path = os.path.join("target", "criterion", name, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"]


def main():
    before = openssl_rsa2048()
    args = ["cargo", "bench", "--all-features", "--bench", "signing", "--"]
    if QUICK:
        args += ["--warm-up-time", "1", "--measurement-time", "2"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    after = openssl_rsa2048()
    sign_ref = (before[0] + after[0]) / 2
    verify_ref = (before[1] + after[1]) / 2
    print("OpenSSL %s: %.0f sign/s, %.0f verify/s (before %.0f/%.0f, after %.0f/%.0f)" % (
        subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split()[1],
        sign_ref, verify_ref, before[0], before[1], after[0], after[1]))
    canon = criterion_mean_ns("canonicalize+hash")
    rows = [("canonicalize+hash", canon, None)]
    for backend in ["aws-lc-rs", "rsa"]:
        rows.append(("sign/" + backend, criterion_mean_ns("sign_" + backend), sign_ref))
        rows.append(("verify/" + backend, criterion_mean_ns("verify_" + backend), verify_ref))
    print("%-22s %12s %10s %16s" % ("bench", "mean", "ops/s", "vs OpenSSL"))
    for name, ns, ref in rows:
        ops = 1e9 / ns
        ratio = "%.2fx" % (ops / ref) if ref else "-"
        print("%-22s %9.2f us %10.0f %16s" % (name, ns / 1000, ops, ratio))
    sign_aws = criterion_mean_ns("sign_aws-lc-rs")
    print("canonicalize+hash is %.3f%% of one aws-lc-rs signature (whole sign call)" % (100 * canon / sign_aws))
    print("canonicalize+hash is %.3f%% of one OpenSSL signature" % (100 * canon / (1e9 / sign_ref)))


if __name__ == "__main__":
    main()
