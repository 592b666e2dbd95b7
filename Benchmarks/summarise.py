#!/usr/bin/env python3
"""Prints one markdown table from the JSON lines that Benchmarks/run-all collected.

    Benchmarks/summarise.py Benchmarks/results/20261126T230000Z.jsonl

Every line of the file is one figure: {"side": "ours"|"peer"|"meta", "run": N, "workload": ...,
"store": ..., ...}, from `cqrs-benchmarks ... --json` (ours: "value" and "unit") and from
`Benchmarks/peer/bench.py --json` (peer: "events_per_second"). Lines that are not JSON objects are
skipped. Each cell is the median over the runs; ratios are the median of the per-run ratios (both
figures from the same run). Standard library only.

When the file also holds side "before" (`Benchmarks/run-all --before DIR`: an older build run beside
this one in every run), a second table compares the two builds workload by workload: each side's
median and range, after/before as the median of the per-run ratios, and each side's ratio to the raw
engine figure measured next to it.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from typing import Callable, Optional

Key = tuple[str, str, str]  # side, workload, store


def load(path: str) -> tuple[dict[Key, dict[int, float]], list[dict]]:
    """Figures by (side, workload, store) then run; and the meta lines."""
    figures: dict[Key, dict[int, float]] = defaultdict(dict)
    meta: list[dict] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            side = row.get("side")
            if side == "meta":
                meta.append(row)
                continue
            if "value" in row:
                value = row["value"]
            elif "events_per_second" in row:
                value = row["events_per_second"]
            else:
                continue
            figures[(side, row.get("workload", "?"), row.get("store", "-"))][int(row.get("run", 1))] = float(value)
    return figures, meta


def median(values: list[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value:,.2f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:,.0f}"


def spread(runs: dict[int, float], unit: str) -> str:
    """The median, and the range when there are several runs."""
    values = list(runs.values())
    if not values:
        return "–"
    text = fmt(median(values), unit)
    if len(values) > 1:
        low, high = min(values), max(values)
        if unit == "ms" and high < 100:
            text += f" ({low:,.2f}–{high:,.2f})"
        else:
            text += f" ({low:,.0f}–{high:,.0f})"
    return text


def ratio(a: dict[int, float], b: dict[int, float]) -> Optional[float]:
    """The median over the runs that have both figures of a / b."""
    values = [a[run] / b[run] for run in a if run in b and b[run]]
    return median(values)


# One row of the table: label, store, ours' workload, the peer's workload, the raw figure's workload
# (ours side), the unit, the goal's text, and a check (ours median, peer median, ours/raw ratio) -> bool.
Check = Callable[[Optional[float], Optional[float], Optional[float]], Optional[bool]]


def median_at_least(goal: float) -> Check:
    """The goal is met when our median reaches `goal`."""
    return lambda ours, peer, ratio: None if ours is None else ours >= goal


def median_at_most(goal: float) -> Check:
    """The goal is met when our median stays within `goal`."""
    return lambda ours, peer, ratio: None if ours is None else ours <= goal


def ratio_at_least(goal: float) -> Check:
    """The goal is met when ours/raw reaches `goal`."""
    return lambda ours, peer, ratio: None if ratio is None else ratio >= goal


def ratio_at_most(goal: float) -> Check:
    """The goal is met when ours/raw stays within `goal`."""
    return lambda ours, peer, ratio: None if ratio is None else ratio <= goal


ROWS: list[tuple[str, str, Optional[str], Optional[str], Optional[str], str, str, Optional[Check]]] = [
    ("W1 place+pay, events/s", "memory", "W1", "W1", None, "events/s", "≥ 500,000", median_at_least(500_000)),
    ("W1c (8 clients), events/s", "memory", "W1c", None, None, "events/s", "–", None),
    ("W2 rebuild, events/s", "memory", "W2", "W2", None, "events/s", "–", None),
    ("W2 of two read models, one after the other, events/s of the log", "memory", "W2-each", None, None, "events/s", "–", None),
    ("W2 of the same two rebuilt together (raw: one after the other)", "memory", "W2-both", None, "W2-each", "events/s", "–", None),
    ("W3 p50, receipt → query sees it", "memory", "W3-p50", None, None, "ms", "–", None),
    ("W3 p99", "memory", "W3-p99", None, None, "ms", "–", None),
    ("raw-1 (1 INSERT/txn), rows/s", "sqlite", "raw-1", None, None, "rows/s", "(reference)", None),
    ("raw-1000 (1,000 INSERTs/txn), rows/s", "sqlite", "raw-1000", None, None, "rows/s", "(reference)", None),
    ("W1 place+pay, events/s", "sqlite", "W1", "W1", "raw-1", "events/s", "≥ 90% of raw-1", ratio_at_least(0.9)),
    ("W1c (8 clients), events/s", "sqlite", "W1c", None, "raw-1", "events/s", "≥ 5× raw-1", ratio_at_least(5)),
    ("W2 rebuild into the same file, events/s", "sqlite", "W2", "W2", "raw-1000", "events/s", "≥ 300,000", median_at_least(300_000)),
    ("W2, peer's read model in memory, events/s", "sqlite", None, "W2-memory", None, "events/s", "–", None),
    ("W2 of two read models, one after the other, events/s of the log", "sqlite", "W2-each", None, None, "events/s", "–", None),
    ("W2 of the same two rebuilt together (raw: one after the other)", "sqlite", "W2-both", None, "W2-each", "events/s", "–", None),
    ("W3 p50, receipt → query sees it", "sqlite", "W3-p50", None, None, "ms", "–", None),
    ("W3 p99", "sqlite", "W3-p99", None, None, "ms", "≤ 5 ms", median_at_most(5)),
    ("raw-1 (1 INSERT/txn, postgres-nio), rows/s", "postgres", "raw-1", None, None, "rows/s", "(reference)", None),
    ("raw-1000, rows/s", "postgres", "raw-1000", None, None, "rows/s", "(reference)", None),
    ("pgbench -c 1, 1 INSERT/txn, tps", "postgres", "pgbench-1", None, None, "tps", "(reference)", None),
    ("pgbench -c 8, 1 INSERT/txn, tps", "postgres", "pgbench-8", None, None, "tps", "(reference)", None),
    ("append procedure, 1 connection (pgbench), appends/s", "postgres", "append-1", None, "pgbench-1", "appends/s", "(reference)", None),
    ("append procedure, 8 connections (pgbench), appends/s", "postgres", "append-8", None, "pgbench-8", "appends/s", "(reference)", None),
    ("W1 place+pay, events/s", "postgres", "W1", "W1", "raw-1", "events/s", "≥ 90% of raw-1", ratio_at_least(0.9)),
    ("W1c (8 clients), events/s", "postgres", "W1c", None, "pgbench-8", "events/s", "≥ pgbench -c 8", ratio_at_least(1)),
    ("W2 rebuild into the same database, events/s", "postgres", "W2", "W2", "raw-1000", "events/s", "≥ 150,000", median_at_least(150_000)),
    ("W2, read model in memory, events/s", "postgres", "W2-memory", "W2-memory", None, "events/s", "–", None),
    ("W2 of two read models, one after the other, events/s of the log", "postgres", "W2-each", None, None, "events/s", "–", None),
    ("W2 of the same two rebuilt together (raw: one after the other)", "postgres", "W2-both", None, "W2-each", "events/s", "–", None),
    ("W3 p50, receipt → query sees it", "postgres", "W3-p50", None, None, "ms", "–", None),
    ("W3 p99", "postgres", "W3-p99", None, None, "ms", "≤ 20 ms", median_at_most(20)),
    ("count under a prefix (20,000 rows), ms", "memory", "count-p50", None, None, "ms", "–", None),
    ("the same, walking every page (before prefixes), ms", "memory", "count-walk-p50", None, None, "ms", "–", None),
    ("W5 p50, receipt → watched count yielded", "memory", "W5-p50", None, None, "ms", "–", None),
    ("W5 p99", "memory", "W5-p99", None, None, "ms", "–", None),
    ("count under a prefix (20,000 rows; raw: the same SQL), ms", "sqlite", "count-p50", None, "count-raw-p50", "ms", "–", None),
    ("the same, walking every page (before prefixes), ms", "sqlite", "count-walk-p50", None, None, "ms", "–", None),
    ("W5 p50, receipt → watched count yielded", "sqlite", "W5-p50", None, None, "ms", "–", None),
    ("W5 p99", "sqlite", "W5-p99", None, None, "ms", "–", None),
    ("W5-inline p50", "sqlite", "W5-inline-p50", None, None, "ms", "–", None),
    ("W5-inline p99", "sqlite", "W5-inline-p99", None, None, "ms", "–", None),
    ("count under a prefix (20,000 rows; raw: the same SQL), ms", "postgres", "count-p50", None, "count-raw-p50", "ms", "–", None),
    ("the same, walking every page (before prefixes), ms", "postgres", "count-walk-p50", None, None, "ms", "–", None),
    ("W5 p50, receipt → watched count yielded", "postgres", "W5-p50", None, None, "ms", "–", None),
    ("W5 p99", "postgres", "W5-p99", None, None, "ms", "–", None),
    ("W5-inline p50", "postgres", "W5-inline-p50", None, None, "ms", "–", None),
    ("W5-inline p99", "postgres", "W5-inline-p99", None, None, "ms", "–", None),
    ("W5-remote p50 (watch in another store, woken by NOTIFY)", "postgres", "W5-remote-p50", None, None, "ms", "–", None),
    ("W5-remote p99", "postgres", "W5-remote-p99", None, None, "ms", "–", None),
    ("R1 reaction, events delivered/s (raw: W1 of the same run, commands/s)", "memory", "R1", None, "R-W1", "events/s", "–", None),
    ("R1 reaction, commands accepted/s (raw: W1 of the same run)", "memory", "R1-commands", None, "R-W1", "commands/s", "≥ 0.5× W1", ratio_at_least(0.5)),
    ("R1-warm, the orders in the processor's state cache, events/s (raw: W1 of the same run)", "memory", "R1-warm", None, "R-W1", "events/s", "–", None),
    ("R2 p50, event appended → reaction's command appended", "memory", "R2-p50", None, None, "ms", "–", None),
    ("R2 p99", "memory", "R2-p99", None, None, "ms", "–", None),
    ("R3 Bank workflow, transfers/s (raw: W1 of the same run, commands/s)", "memory", "R3", None, "R-W1", "transfers/s", "–", None),
    ("R3, the four reactions without the read models, transfers/s", "memory", "R3-reactions", None, "R-W1", "transfers/s", "–", None),
    ("R1 reaction, events delivered/s (raw: W1 of the same run, commands/s)", "sqlite", "R1", None, "R-W1", "events/s", "–", None),
    ("R1 reaction, commands accepted/s (raw: W1 of the same run)", "sqlite", "R1-commands", None, "R-W1", "commands/s", "–", None),
    ("R1-warm, the orders in the processor's state cache, events/s (raw: W1 of the same run)", "sqlite", "R1-warm", None, "R-W1", "events/s", "–", None),
    ("R2 p50, event appended → reaction's command appended", "sqlite", "R2-p50", None, None, "ms", "–", None),
    ("R2 p99", "sqlite", "R2-p99", None, None, "ms", "≤ 10 ms", median_at_most(10)),
    ("R3 Bank workflow, transfers/s (raw: W1 of the same run, commands/s)", "sqlite", "R3", None, "R-W1", "transfers/s", "≥ 0.33× W1", ratio_at_least(1 / 3)),
    ("R3, the four reactions without the read models, transfers/s", "sqlite", "R3-reactions", None, "R-W1", "transfers/s", "–", None),
    ("R1 reaction, events delivered/s (raw: W1 of the same run, commands/s)", "postgres", "R1", None, "R-W1", "events/s", "–", None),
    ("R1 reaction, commands accepted/s (raw: W1 of the same run)", "postgres", "R1-commands", None, "R-W1", "commands/s", "–", None),
    ("R1-warm, the orders in the processor's state cache, events/s (raw: W1 of the same run)", "postgres", "R1-warm", None, "R-W1", "events/s", "–", None),
    ("R2 p50, event appended → reaction's command appended", "postgres", "R2-p50", None, None, "ms", "–", None),
    ("R2 p99", "postgres", "R2-p99", None, None, "ms", "–", None),
    ("R3 Bank workflow, transfers/s (raw: W1 of the same run, commands/s)", "postgres", "R3", None, "R-W1", "transfers/s", "–", None),
    ("R3, the four reactions without the read models, transfers/s", "postgres", "R3-reactions", None, "R-W1", "transfers/s", "–", None),
    ("W4 generate, synthetic spec (raw: libyaml load of it)", "-", "W4-generate", None, "W4-libyaml", "ms", "≤ 2.5× raw", ratio_at_most(2.5)),
]


def table(figures: dict[Key, dict[int, float]]) -> list[str]:
    lines = [
        "| workload | store | ours: median (min–max) | peer: median (min–max) | ours/peer | raw, same run | ours/raw | goal | met |",
        "|---|---|---:|---:|---:|---|---:|---|---|",
    ]
    for label, store, ours_key, peer_key, raw_key, unit, goal, check in ROWS:
        ours = figures.get(("ours", ours_key, store), {}) if ours_key else {}
        peer = figures.get(("peer", peer_key, store), {}) if peer_key else {}
        raw = figures.get(("ours", raw_key, store), {}) if raw_key else {}
        if not ours and not peer:
            continue
        peer_ratio = ratio(ours, peer) if ours and peer else None
        raw_ratio = ratio(ours, raw) if ours and raw else None
        raw_unit = "ms" if unit == "ms" else "rows/s"
        raw_text = f"{raw_key} {fmt(median(list(raw.values())), raw_unit)}" if raw else "–"
        if raw_key == "R-W1" and raw:
            raw_text = f"W1 {fmt(median(list(raw.values())), 'commands/s')} commands/s"
        if raw_key == "pgbench-8" and raw:
            raw_text = f"pgbench -c 8: {fmt(median(list(raw.values())), 'tps')} tps"
        verdict = None
        if check is not None:
            verdict = check(median(list(ours.values())), median(list(peer.values())), raw_ratio)
        lines.append(
            "| "
            + " | ".join(
                [
                    label,
                    store,
                    spread(ours, unit),
                    spread(peer, unit),
                    f"{peer_ratio:,.1f}×" if peer_ratio is not None else "–",
                    raw_text,
                    (f"{raw_ratio:.2f}×" if raw_ratio is not None else "–"),
                    goal,
                    {True: "met", False: "**missed**", None: "–"}[verdict],
                ]
            )
            + " |"
        )
    return lines


def comparison(figures: dict[Key, dict[int, float]]) -> list[str]:
    """Before (side "before") against after (side "ours"), for every row of ours."""
    lines = [
        "| workload | store | before: median (min–max) | after: median (min–max) | after/before | before/raw | after/raw |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, store, ours_key, _, raw_key, unit, _, _ in ROWS:
        if not ours_key:
            continue
        after = figures.get(("ours", ours_key, store), {})
        before = figures.get(("before", ours_key, store), {})
        if not after and not before:
            continue
        change = ratio(after, before) if after and before else None
        raw_after = figures.get(("ours", raw_key, store), {}) if raw_key else {}
        raw_before = figures.get(("before", raw_key, store), {}) if raw_key else {}
        before_raw = ratio(before, raw_before) if before and raw_before else None
        after_raw = ratio(after, raw_after) if after and raw_after else None
        lines.append(
            "| "
            + " | ".join(
                [
                    label,
                    store,
                    spread(before, unit),
                    spread(after, unit),
                    f"{change:.2f}×" if change is not None else "–",
                    f"{before_raw:.2f}×" if before_raw is not None else "–",
                    f"{after_raw:.2f}×" if after_raw is not None else "–",
                ]
            )
            + " |"
        )
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    figures, meta = load(argv[1])
    runs = sorted({run for values in figures.values() for run in values})
    for row in meta:
        details = ", ".join(f"{k}: {v}" for k, v in row.items() if k not in ("side",))
        print(f"- {details}")
    print(f"- runs: {len(runs)} ({', '.join(map(str, runs))}); cells are medians over the runs\n")
    print("\n".join(table(figures)))
    if any(side == "before" for side, _, _ in figures):
        print("\nBefore (side \"before\") and after (this tree), alternated in every run (medians over the runs):\n")
        print("\n".join(comparison(figures)))
    extra = sorted(
        (side, workload, store)
        for (side, workload, store) in figures
        if workload.startswith("W3-send") or workload.startswith("W3-reported") or workload in ("read", "read-typed")
    )
    if extra:
        print("\nMore figures (medians over the runs):\n")
        print("| side | workload | store | median (min–max) |")
        print("|---|---|---|---:|")
        for side, workload, store in extra:
            unit = "events" if "events" in workload else ("ms" if workload.startswith("W3") else "events/s")
            print(f"| {side} | {workload} | {store} | {spread(figures[(side, workload, store)], unit)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
