#!/usr/bin/env python3
"""Whole-process timings for kanal-bench/compare.

Rows (one TSV line per run: row, impl, seconds; or row, impl, "n/a", reason):
  Demo.worker-pools  ./kanal demo worker-pools   vs the Go binary of seed 000
  Start.jvm          a JVM running an empty main, with the launcher's flags, vs an empty Go binary
  Start.launcher     ./kanal --help (launcher script, JDK discovery, CLI start) vs the same Go binary

Each command runs once untimed first (it builds the CLI and writes the CDS archive on first
use), then --runs times, output discarded.
"""
import argparse
import os
import subprocess
import sys
import time


def timed(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    return p.returncode, elapsed, p.stderr


def measure(row, impl, cmd, cwd, runs):
    if cmd is None:
        print(f"{row}\t{impl}\tn/a\tnot built")
        return
    rc, _, err = timed(cmd, cwd)  # warm-up: first-use build, CDS archive
    if rc != 0:
        reason = " ".join(err.strip().splitlines()[-2:])[:200] or f"exit status {rc}"
        print(f"{row}\t{impl}\tn/a\t{' '.join(cmd)} failed: {reason}")
        print(f"{row} {impl}: {' '.join(cmd)} failed with {rc}:\n{err}", file=sys.stderr)
        return
    for _ in range(runs):
        rc, elapsed, err = timed(cmd, cwd)
        if rc != 0:
            print(f"{row}\t{impl}\tn/a\tfailed on a later run: exit status {rc}")
            return
        print(f"{row}\t{impl}\t{elapsed:.6f}")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--java", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--go-bin", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    kanal = os.path.join(a.root, "kanal")
    go_demo = os.path.join(a.go_bin, "worker-pools")
    go_noop = os.path.join(a.go_bin, "noop")
    go_demo = go_demo if os.access(go_demo, os.X_OK) else None
    go_noop = go_noop if os.access(go_noop, os.X_OK) else None
    classes = os.path.join(os.path.dirname(a.jar), "classes")
    # The flags ./kanal starts the CLI with, minus its CDS archive (none for this class path).
    jvm = [a.java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
           "-cp", classes, "dev.kanal.bench.Noop"]

    measure("Demo.worker-pools", "kanal", [kanal, "demo", "worker-pools"], a.root, a.runs)
    measure("Demo.worker-pools", "go", [go_demo] if go_demo else None, a.root, a.runs)
    measure("Start.jvm", "kanal", jvm, a.root, a.runs * 3)
    measure("Start.jvm", "go", [go_noop] if go_noop else None, a.root, a.runs * 3)
    measure("Start.launcher", "kanal", [kanal, "--help"], a.root, a.runs * 3)
    measure("Start.launcher", "go", [go_noop] if go_noop else None, a.root, a.runs * 3)


if __name__ == "__main__":
    main()
