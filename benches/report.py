#!/usr/bin/env python3
"""Runs the benches with an OpenSSL reference measured in the same run and
prints ops/s and ratios (the machine is shared and noisy: compare ratios).

    python3 benches/report.py            # full run (about 3 minutes)
    python3 benches/report.py --quick    # shorter measurements

Each RSA bench is bracketed by `openssl speed -seconds 3 rsa2048` runs just
before and just after it; its reference is their mean, so a slow or busy
minute affects both sides of the ratio alike.
"""
import json
import os
import re
import subprocess
import sys

QUICK = "--quick" in sys.argv
# Where criterion writes its estimates: cargo's target directory.
CRITERION_DIR = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
CRITERION_TIME = ["--warm-up-time", "1", "--measurement-time", "2" if QUICK else "5"]


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


def bench(target, name_filter):
    args = ["cargo", "bench", "--all-features", "--bench", target, "--", name_filter] + CRITERION_TIME
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def mean_ns(directory, statistic="mean"):
    path = os.path.join(CRITERION_DIR, directory, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)[statistic]["point_estimate"]


def bracketed(target, name_filter):
    before = openssl_rsa2048()
    bench(target, name_filter)
    after = openssl_rsa2048()
    return ((before[0] + after[0]) / 2, (before[1] + after[1]) / 2)


def main():
    subprocess.run(["cargo", "bench", "--all-features", "--no-run"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split()[1]
    print("reference: OpenSSL %s `openssl speed -seconds 3 rsa2048`, measured around each bench" % version)
    print("%-20s %11s %10s %12s %14s" % ("bench", "mean", "ops/s", "OpenSSL/s", "ratio"))
    results = {}
    for name, kind in [("sign/aws-lc-rs", 0), ("verify/aws-lc-rs", 1), ("sign/rsa", 0), ("verify/rsa", 1)]:
        reference = bracketed("signing", name)[kind]
        ns = mean_ns(name.replace("/", "_"))
        results[name] = (ns, reference)
        print("%-20s %8.2f us %10.0f %12.0f %13.2fx" % (name, ns / 1000, 1e9 / ns, reference, (1e9 / ns) / reference))
    sign_reference = bracketed("signing", "canonicalize")[0]
    canon = mean_ns("canonicalize+hash")
    print("%-20s %8.2f us %10.0f" % ("canonicalize+hash", canon / 1000, 1e9 / canon))
    print("canonicalize+hash = %.3f%% of one OpenSSL signature, %.3f%% of one aws-lc-rs sign call"
          % (100 * canon * sign_reference / 1e9, 100 * canon / results["sign/aws-lc-rs"][0]))
    print()
    before = openssl_rsa2048()
    bench("operations", "")
    after = openssl_rsa2048()
    direct, typed, decode = (mean_ns("operation_" + n) for n in ("sign-direct", "sign-typed", "decode-charge"))
    attempt = mean_ns("exchange_attempt")
    reference = (before[0] + after[0]) / 2
    print("%-28s %10.0f ops/s %7.2fx OpenSSL" % ("operation/sign-direct", 1e9 / direct, 1e9 / direct / reference))
    print("%-28s %10.0f ops/s %7.2fx OpenSSL" % ("operation/sign-typed", 1e9 / typed, 1e9 / typed / reference))
    print("typed / direct = %.3f (target >= 0.99)" % (direct / typed))
    print("operation/decode-charge      %8.2f us (target <= 5 us)" % (decode / 1000))
    print("exchange/attempt             %8.2f us (target <= 2 us) = %.2f%% of one RSA signature (sign-direct %.0f us)"
          % (attempt / 1000, 100 * attempt / direct, direct / 1000))
    print()
    bench("lifecycle", "")
    print("%-52s %10s" % ("lifecycle (target: < 100 ns, no allocation)", "mean"))
    for directory in sorted(os.listdir(CRITERION_DIR)):
        if directory.split("_")[0] in ("transition", "rule", "ledger", "observe"):
            print("%-52s %7.1f ns" % (directory, mean_ns(directory)))
    print()
    sandbox_flows()


def sandbox_flows():
    """The sandbox's whole flows (sandbox/benches/flows.rs), medians: a flow
    is long enough for the machine's busy moments to show as outliers."""
    before = openssl_rsa2048()
    subprocess.run(["cargo", "bench", "-p", "amazon-pay-sandbox", "--bench", "flows", "--"] + CRITERION_TIME,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = openssl_rsa2048()
    reference = (before[0] + after[0]) / 2
    unsigned = mean_ns("flow_unsigned", "median")
    signed = mean_ns(os.path.join("flow", "signed"), "median")
    rsa = mean_ns(os.path.join("flow", "rsa-only"), "median")
    print("sandbox flow/unsigned        %8.2f us = %6.0f flows/s on one core (target >= 20,000); "
          "OpenSSL signs %.0f/s in this run" % (unsigned / 1000, 1e9 / unsigned, reference))
    print("sandbox flow/signed          %8.2f us = %6.0f flows/s; RSA alone allows %.0f/s: %.2fx (target >= 0.8x)"
          % (signed / 1000, 1e9 / signed, 1e9 / rsa, rsa / signed))


if __name__ == "__main__":
    main()
