#!/usr/bin/env python3
"""Turns kanal-bench/compare's raw outputs into one table.

Reads results/raw/: jmh.json, jmh-long.json and jmh-spawn.json (JMH -rf json), spawn-probe.tsv (SpawnProbe),
go.txt and go-spawn.txt (go test -bench), process.tsv (processes.py), machine.txt.
Writes results/compare.tsv (header: shape unit kanal go jdk_best jdk_impl jox), results/ratios.tsv
(shape and Kanal's ratio to Go, the best JDK entry and jox), results/noise.tsv (min/median/max of every implementation's samples) and noise.md,
results/compare.md (the same table in Markdown) and results/run.txt, and prints the table.

Issue 5's yardstick comes from the same run: JMH's PoolOverhead (the WorkerPool's cost per job
against seed 000's pool on raw channels, ThreadPoolExecutor, ForkJoinPool and a virtual thread
per task) beside Go's BenchmarkWorkerPool, in results/pool.tsv and pool.md, printed second.

The machine's placement (dev.kanal.bench.Placement: the round trip of a cache line between the two
cores, which the host of a small VM changes from about 60 to about 330 ns and back) tags every JMH
iteration (PlacementProfiler, in jmh*.json) and every go test run (go-placement.tsv); placement.md
and placement.tsv give each shape's medians in the near placement and in the far one apart, and
K/Go within each.

Every figure is the median of its samples: JMH iterations over all forks, go test -count runs,
process runs. A ratio is Kanal / other: below 1.0 Kanal is faster (or smaller).
"""
import argparse
import json
import os
import re
import statistics

SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}

# shape, unit, Go benchmark name, Go metric, how many Go ops one of ours is (Go's op / ours)
SHAPES = [
    ("ChanSync", "ns/msg", "ChanSync", "ns/op", 1),
    ("ChanProdCons0", "ns/msg", "ChanProdCons0", "ns/op", 1),
    ("ChanProdCons10", "ns/msg", "ChanProdCons10", "ns/op", 1),
    ("ChanProdCons100", "ns/msg", "ChanProdCons100", "ns/op", 1),
    ("ChanUncontended", "ns/msg", "ChanUncontended", "ns/op", 100),
    ("ChanContended", "ns/msg", "ChanContended", "ns/op", 100),
    ("SelectUncontended", "ns/select", "SelectUncontended", "ns/op", 1),
    ("SelectSyncContended", "ns/msg", "SelectSyncContended", "ns/op", 1),
    ("SelectAsyncContended", "ns/select", "SelectAsyncContended", "ns/op", 1),
    ("SelectNonblock", "ns/4selects", "SelectNonblock", "ns/op", 1),
    ("ChanNonblocking", "ns/op", "ChanNonblocking", "ns/op", 1),
    ("ChanCreation", "ns/chan", "ChanCreation", "ns/op", 1),
    ("ChanSem", "ns/op", "ChanSem", "ns/op", 1),
    ("ChanClosed", "ns/op", "ChanClosed", "ns/op", 1),
    ("PingPong", "ns/roundtrip", "PingPong", "ns/op", 1),
    ("Sieve1000", "ms/sieve", "Sieve1000", "ns/op", 1),
    ("Sieve3000", "ms/sieve", "Sieve3000", "ns/op", 1),
    ("WorkerPool/2", "ns/job", "WorkerPool/workers=2", "ns/op", 1_000_000),
    ("WorkerPool/4", "ns/job", "WorkerPool/workers=4", "ns/op", 1_000_000),
    ("WorkerPool/64", "ns/job", "WorkerPool/workers=64", "ns/op", 1_000_000),
    ("Spawn.start", "s/1M", "Spawn", "s-start", 1),
    ("Spawn.release", "s/1M", "Spawn", "s-release", 1),
    ("Spawn.bytes", "B/goroutine", "Spawn", "B/goroutine", 1),
    ("Demo.worker-pools", "s", None, None, 1),
    ("Start.jvm", "ms", None, None, 1),
    ("Start.launcher", "ms", None, None, 1),
]

OURS = ("kanal", "jox")


def convert(value, from_unit, to_unit):
    """Converts a time per op between units named like 'ns/op', 'ms/sieve', 's/1M', 's'."""
    src = from_unit.split("/")[0]
    dst = to_unit.split("/")[0]
    if src in SECONDS and dst in SECONDS:
        return value * SECONDS[src] / SECONDS[dst]
    return value


def jmh_shape(bench, params):
    cls, method = bench.rsplit(".", 2)[-2:]
    if cls == "WorkerPool":
        return f"WorkerPool/{params.get('workers')}"
    if cls == "Spawn":
        return f"Spawn.{method}"
    return cls


NEAR, FAR = "near", "far"
FAR_NANOS = 150.0  # dev.kanal.bench.Placement.FAR_NANOS


def placement_of(ns):
    return None if ns is None else (FAR if ns > FAR_NANOS else NEAR)


def jmh_placements(r, count):
    """The placement of each of a JMH result's samples (PlacementProfiler), or None each."""
    rt = r.get("secondaryMetrics", {}).get("placement", {}).get("rawData")
    tags = [placement_of(v) for fork in rt for v in fork] if rt else []
    return tags if len(tags) == count else [None] * count


def load_jmh(path, units, samples, places=None):
    if not os.path.exists(path):
        return
    with open(path) as f:
        for r in json.load(f):
            params = r.get("params", {})
            shape = jmh_shape(r["benchmark"], params)
            impl = params.get("impl", "?")
            m = r["primaryMetric"]
            values = [v for fork in m.get("rawData", []) for v in fork]
            target = units.get(shape)
            if target is None:
                continue
            samples.setdefault((shape, impl), []).extend(
                convert(v, m["scoreUnit"], target) for v in values)
            if places is not None:
                places.setdefault((shape, impl), []).extend(jmh_placements(r, len(values)))


GO_LINE = re.compile(r"^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.*)$")


def go_results(path):
    """Each result line of `go test -bench` output: (name without the -GOMAXPROCS suffix,
    {metric: value})."""
    if not os.path.exists(path):
        return
    with open(path) as f:
        for line in f:
            m = GO_LINE.match(line.strip())
            if m:
                rest = m.group(2).split()
                yield m.group(1), {rest[i + 1]: float(rest[i]) for i in range(0, len(rest) - 1, 2)}


def go_placements(path):
    """go-placement.tsv: one 'name<TAB>ns' line per result line of go.txt, in the same order."""
    tags = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2:
                    try:
                        tags.append((parts[0], float(parts[1])))
                    except ValueError:
                        tags.append((parts[0], None))
    return tags


def load_go(path, samples, places=None, tags_path=None):
    by_go_name = {}
    for shape, unit, go_name, metric, per in SHAPES:
        if go_name:
            by_go_name.setdefault(go_name, []).append((shape, unit, metric, per))
    tags = go_placements(tags_path) if tags_path else []
    for i, (name, metrics) in enumerate(go_results(path)):
        tag = placement_of(tags[i][1]) if i < len(tags) and tags[i][0] == name else None
        for shape, unit, metric, per in by_go_name.get(name, []):
            if metric in metrics:
                v = metrics[metric] / per
                if metric == "ns/op":
                    v = convert(v, "ns/op", unit)
                samples.setdefault((shape, "go"), []).append(v)
                if places is not None:
                    places.setdefault((shape, "go"), []).append(tag)


def load_tsv(path, samples, notes, scale=1.0):
    if not os.path.exists(path):
        return
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            shape, impl, value = parts[0], parts[1], parts[2]
            if value == "n/a":
                notes[(shape, impl)] = parts[3] if len(parts) > 3 else "n/a"
                continue
            factor = scale if shape.startswith("Start.") else 1.0
            samples.setdefault((shape, impl), []).append(float(value) * factor)


POOL_IMPLS = ["workerpool", "raw-channels", "tpe", "fjp", "vthread-per-task"]
POOL_JDK = ["tpe", "fjp", "vthread-per-task"]


def load_pool(path, samples, places=None):
    """PoolOverhead's samples, in ns per job, keyed by (work, workers, impl, driver)."""
    if not os.path.exists(path):
        return
    with open(path) as f:
        for r in json.load(f):
            if r["benchmark"].rsplit(".", 2)[-2] != "PoolOverhead":
                continue
            p = r.get("params", {})
            m = r["primaryMetric"]
            key = (p.get("work"), int(p.get("workers", 0)), p.get("impl"), p.get("driver", "platform"))
            values = [convert(v, m["scoreUnit"], "ns/job") for fork in m.get("rawData", []) for v in fork]
            samples.setdefault(key, []).extend(values)
            if places is not None:
                places.setdefault(key, []).extend(jmh_placements(r, len(values)))


GO_POOL = {"WorkerPool": "noop", "WorkerPoolCPU": "cpu"}


def load_go_pool(path, samples, places=None, tags_path=None):
    """Go's seed-000 pool (BenchmarkWorkerPool, and BenchmarkWorkerPoolCPU with the same CPU job
    as PoolOverhead's work=cpu), in ns per job, keyed by (work, workers)."""
    tags = go_placements(tags_path) if tags_path else []
    for i, (name, metrics) in enumerate(go_results(path)):
        bench, _, workers = name.partition("/workers=")
        if bench in GO_POOL and workers.isdigit() and "ns/op" in metrics:
            key = (GO_POOL[bench], int(workers))
            samples.setdefault(key, []).append(metrics["ns/op"] / 1_000_000)
            if places is not None:
                tag = placement_of(tags[i][1]) if i < len(tags) and tags[i][0] == name else None
                places.setdefault(key, []).append(tag)


POOL_DRIVERS = ["platform", "goroutine"]


def write_pool(out, pool, go_pool):
    """The WorkerPool table (issue 5): one row per job kind, worker count and driver (who submits
    and receives: JMH's platform thread, or a goroutine as in Go's benchmark); returns its lines.

    go_pool maps (work, workers) to Go's samples (ns per job) for seed 000's pool."""
    if not pool:
        return []
    med = {k: statistics.median(v) for k, v in pool.items() if v}
    header = ["work", "workers", "driver"] + POOL_IMPLS + ["go", "workerpool/go", "workerpool/tpe",
                                                            "workerpool/jdk_best", "jdk_best_impl"]
    rows = []
    for work in ("noop", "cpu"):
        for workers in sorted({k[1] for k in med if k[0] == work}):
            for driver in [d for d in POOL_DRIVERS if any(k[:2] == (work, workers) and k[3] == d for k in med)]:
                by = {i: med.get((work, workers, i, driver)) for i in POOL_IMPLS}
                go_samples = go_pool.get((work, workers), [])
                go = statistics.median(go_samples) if go_samples else None
                jdk = {i: by[i] for i in POOL_JDK if by[i] is not None}
                best = min(jdk, key=jdk.get) if jdk else None
                rows.append([work, workers, driver] + [by[i] for i in POOL_IMPLS]
                            + [go, ratio(by["workerpool"], go), ratio(by["workerpool"], by["tpe"]),
                               ratio(by["workerpool"], jdk.get(best)), best])

    def tsv(v):
        if v is None:
            return "n/a"
        return str(v) if isinstance(v, (str, int)) else f"{v:.6g}"

    with open(os.path.join(out, "pool.tsv"), "w") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(tsv(v) for v in r) + "\n")

    titles = ["work", "workers", "driver", "WorkerPool", "raw channels", "TPE", "FJP", "vthread/task",
              "Go pool", "WP/Go", "WP/TPE", "WP/best JDK"]
    shown = [[r[0], str(r[1]), r[2]] + [fmt(v) for v in r[3:9]] + [fmt(r[9]), fmt(r[10]),
             "n/a" if r[11] is None else f"{fmt(r[11])} ({r[12]})"] for r in rows]

    def spread(key):
        v = pool.get(key)
        return "n/a" if not v else f"{fmt(min(v))} / {fmt(statistics.median(v))} / {fmt(max(v))} ({len(v)})"

    with open(os.path.join(out, "pool.md"), "w") as f:
        f.write("| " + " | ".join(titles) + " |\n")
        f.write("|" + "|".join(["---", "---:", "---"] + ["---:"] * (len(titles) - 3)) + "|\n")
        for r in shown:
            f.write("| " + " | ".join(r) + " |\n")
        f.write("\nSpread, ns per job, min / median / max (samples):\n\n")
        f.write("| work | workers | driver | WorkerPool | TPE | Go pool |\n|---|---:|---|---|---|---|\n")
        for r in rows:
            go = go_pool.get((r[0], r[1]), [])
            go_spread = "n/a" if not go else f"{fmt(min(go))} / {fmt(statistics.median(go))} / {fmt(max(go))} ({len(go)})"
            f.write(f"| {r[0]} | {r[1]} | {r[2]} | {spread((r[0], r[1], 'workerpool', r[2]))} | "
                    f"{spread((r[0], r[1], 'tpe', r[2]))} | {go_spread} |\n")

    widths = [max(len(t), *(len(r[i]) for r in shown)) for i, t in enumerate(titles)]
    line = "  ".join(t.ljust(w) if i < 1 else t.rjust(w) for i, (t, w) in enumerate(zip(titles, widths)))
    lines = [line, "-" * len(line)]
    for r in shown:
        lines.append("  ".join(c.ljust(w) if i < 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return lines


def split_by_place(values, tags):
    """The samples taken in the near placement and in the far one."""
    near = [v for v, t in zip(values, tags or []) if t == NEAR]
    far = [v for v, t in zip(values, tags or []) if t == FAR]
    return near, far


def write_placement(out, rows, samples, places, pool, pool_places, go_pool, go_pool_places):
    """placement.tsv and placement.md: each shape's Kanal and Go medians within each placement
    (n: samples), and K/Go within the near placement and within the far one; then the same for
    the WorkerPool rows. Returns the Markdown's lines (empty if no sample was tagged)."""
    if not any(t for ts in places.values() for t in ts) and not any(
            t for ts in pool_places.values() for t in ts):
        return []

    def med(v):
        return statistics.median(v) if v else None

    def cell(v):
        return "n/a" if not v else f"{fmt(statistics.median(v))} ({len(v)})"

    tsv_rows, md = [], []
    md.append("| shape | unit | Kanal near (n) | Go near (n) | K/Go near | Kanal far (n) | Go far (n) | K/Go far |")
    md.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        shape, unit = r[0], r[1]
        kn, kf = split_by_place(samples.get((shape, "kanal"), []), places.get((shape, "kanal")))
        gn, gf = split_by_place(samples.get((shape, "go"), []), places.get((shape, "go")))
        if not (kn or kf):
            continue
        tsv_rows.append([shape, unit, med(kn), len(kn), med(gn), len(gn), med(kf), len(kf), med(gf), len(gf)])
        md.append(f"| {shape} | {unit} | {cell(kn)} | {cell(gn)} | {fmt(ratio(med(kn), med(gn)))} | "
                  f"{cell(kf)} | {cell(gf)} | {fmt(ratio(med(kf), med(gf)))} |")
    md.append("")
    md.append("| WorkerPool: work | workers | driver | near (n) | Go near (n) | WP/Go near | far (n) | Go far (n) | WP/Go far |")
    md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for key in sorted(k for k in pool if k[2] == "workerpool"):
        work, workers, _, driver = key
        wn, wf = split_by_place(pool[key], pool_places.get(key))
        gn, gf = split_by_place(go_pool.get((work, workers), []), go_pool_places.get((work, workers)))
        md.append(f"| {work} | {workers} | {driver} | {cell(wn)} | {cell(gn)} | {fmt(ratio(med(wn), med(gn)))} | "
                  f"{cell(wf)} | {cell(gf)} | {fmt(ratio(med(wf), med(gf)))} |")

    def tsv(v):
        return "n/a" if v is None else (str(v) if isinstance(v, (str, int)) else f"{v:.6g}")

    with open(os.path.join(out, "placement.tsv"), "w") as f:
        f.write("shape\tunit\tkanal_near\tkanal_near_n\tgo_near\tgo_near_n\tkanal_far\tkanal_far_n\tgo_far\tgo_far_n\n")
        for r in tsv_rows:
            f.write("\t".join(tsv(v) for v in r) + "\n")
    with open(os.path.join(out, "placement.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    return md


def fmt(v):
    if v is None:
        return "n/a"
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.1f}"
    if abs(v) >= 10:
        return f"{v:.2f}"
    if abs(v) >= 1:
        return f"{v:.3f}"
    return f"{v:.4g}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    units = {s[0]: s[1] for s in SHAPES}
    samples, notes, places = {}, {}, {}
    load_jmh(os.path.join(a.raw, "jmh.json"), units, samples, places)
    load_jmh(os.path.join(a.raw, "jmh-long.json"), units, samples, places)
    load_jmh(os.path.join(a.raw, "jmh-spawn.json"), units, samples, places)
    load_go(os.path.join(a.raw, "go.txt"), samples, places, os.path.join(a.raw, "go-placement.tsv"))
    load_go(os.path.join(a.raw, "go-spawn.txt"), samples)
    # The probe's start/release only where JMH's Spawn did not run (quick mode); bytes always.
    probe = {}
    load_tsv(os.path.join(a.raw, "spawn-probe.tsv"), probe, notes)
    for key, values in probe.items():
        if key not in samples:
            samples[key] = values
    # Process rows are measured in seconds; Start.* rows are shown in ms.
    load_tsv(os.path.join(a.raw, "process.tsv"), samples, notes, scale=1000.0)

    med = {k: statistics.median(v) for k, v in samples.items() if v}
    rows = []
    for shape, unit, *_ in SHAPES:
        impls = {impl: v for (s, impl), v in med.items() if s == shape}
        if not impls:
            continue
        kanal, go, jox = impls.get("kanal"), impls.get("go"), impls.get("jox")
        jdk = {i: v for i, v in impls.items() if i not in OURS and i != "go"}
        jdk_impl = min(jdk, key=jdk.get) if jdk else None
        jdk_best = jdk[jdk_impl] if jdk_impl else None
        rows.append((shape, unit, kanal, go, jdk_best, jdk_impl, jox,
                     ratio(kanal, go), ratio(kanal, jdk_best), ratio(kanal, jox)))

    os.makedirs(a.out, exist_ok=True)
    # compare.tsv has exactly the columns issue 3 names; the ratios go to ratios.tsv.
    header = ["shape", "unit", "kanal", "go", "jdk_best", "jdk_impl", "jox"]
    ratio_header = ["shape", "kanal/go", "kanal/jdk", "kanal/jox"]

    def tsv(v):
        if v is None:
            return "n/a"
        return v if isinstance(v, str) else f"{v:.6g}"

    with open(os.path.join(a.out, "compare.tsv"), "w") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(tsv(v) for v in r[:7]) + "\n")

    with open(os.path.join(a.out, "ratios.tsv"), "w") as f:
        f.write("\t".join(ratio_header) + "\n")
        for r in rows:
            f.write("\t".join(tsv(v) for v in (r[0],) + tuple(r[7:])) + "\n")

    with open(os.path.join(a.out, "noise.tsv"), "w") as f:
        f.write("shape\timpl\tsamples\tmin\tmedian\tmax\tspread_pct\n")
        order = {s[0]: i for i, s in enumerate(SHAPES)}
        for (shape, impl), v in sorted(samples.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
            if not v:
                continue
            m = statistics.median(v)
            spread = (max(v) - min(v)) / m * 100 if m else 0.0
            f.write(f"{shape}\t{impl}\t{len(v)}\t{min(v):.6g}\t{m:.6g}\t{max(v):.6g}\t{spread:.1f}\n")

    shown = [[r[0], r[1], fmt(r[2]), fmt(r[3]),
              "n/a" if r[4] is None else f"{fmt(r[4])} ({r[5]})", fmt(r[6]),
              fmt(r[7]), fmt(r[8]), fmt(r[9])] for r in rows]
    titles = ["shape", "unit", "Kanal", "Go", "best JDK (impl)", "jox", "K/Go", "K/JDK", "K/jox"]

    with open(os.path.join(a.out, "compare.md"), "w") as f:
        f.write("| " + " | ".join(titles) + " |\n")
        f.write("|" + "|".join(["---", "---"] + ["---:"] * (len(titles) - 2)) + "|\n")
        for r in shown:
            f.write("| " + " | ".join(r) + " |\n")

    # Spread per shape for Kanal, Go, the best JDK entry and jox: min / median / max (samples).
    def spread(shape, impl):
        v = samples.get((shape, impl))
        if not v:
            return "n/a"
        return f"{fmt(min(v))} / {fmt(statistics.median(v))} / {fmt(max(v))} ({len(v)})"

    with open(os.path.join(a.out, "noise.md"), "w") as f:
        f.write("| shape | unit | Kanal min / median / max (n) | Go | best JDK | jox |\n")
        f.write("|---|---|---|---|---|---|\n")
        for r in rows:
            shape, unit, jdk_impl = r[0], r[1], r[5]
            jdk = "n/a" if jdk_impl is None else f"{spread(shape, jdk_impl)} {jdk_impl}"
            f.write(f"| {shape} | {unit} | {spread(shape, 'kanal')} | {spread(shape, 'go')} | "
                    f"{jdk} | {spread(shape, 'jox')} |\n")

    machine = os.path.join(a.raw, "machine.txt")
    if os.path.exists(machine):
        with open(machine) as src, open(os.path.join(a.out, "run.txt"), "w") as dst:
            dst.write(src.read())
            for (shape, impl), why in sorted(notes.items()):
                dst.write(f"not measured: {shape} {impl}: {why}\n")

    widths = [max(len(t), *(len(r[i]) for r in shown)) if shown else len(t)
              for i, t in enumerate(titles)]
    line = "  ".join(t.ljust(w) if i < 2 else t.rjust(w) for i, (t, w) in enumerate(zip(titles, widths)))
    print(line)
    print("-" * len(line))
    for r in shown:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print()
    print("Ratios are Kanal / other (below 1.0: Kanal faster or smaller); figures are medians.")
    for (shape, impl), why in sorted(notes.items()):
        print(f"not measured: {shape} {impl}: {why}")
    print(f"TSV: {os.path.join(a.out, 'compare.tsv')}  ratios: {os.path.join(a.out, 'ratios.tsv')}  "
          f"spread: {os.path.join(a.out, 'noise.tsv')}")

    pool, pool_places = {}, {}
    load_pool(os.path.join(a.raw, "jmh.json"), pool, pool_places)
    go_pool, go_pool_places = {}, {}
    load_go_pool(os.path.join(a.raw, "go.txt"), go_pool, go_pool_places,
                 os.path.join(a.raw, "go-placement.tsv"))
    pool_lines = write_pool(a.out, pool, go_pool)
    if pool_lines:
        print()
        print("WorkerPool (issue 5): ns per job, end to end (submit, run, read the result)")
        for line in pool_lines:
            print(line)
        print("WP = Kanal's WorkerPool; ratios below 1.0: the WorkerPool is faster. "
              "Go's pool: seed 000 (BenchmarkWorkerPool, and BenchmarkWorkerPoolCPU for cpu).")
        print(f"TSV: {os.path.join(a.out, 'pool.tsv')}")

    placement_lines = write_placement(a.out, rows, samples, places, pool, pool_places, go_pool, go_pool_places)
    if placement_lines:
        print()
        print("By placement (the cache line's round trip between the cores: near <= "
              f"{FAR_NANOS:.0f} ns < far; medians, samples in brackets)")
        for line in placement_lines:
            print(line)
        print(f"TSV: {os.path.join(a.out, 'placement.tsv')}")


if __name__ == "__main__":
    main()
