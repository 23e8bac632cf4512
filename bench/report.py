"""report.py — bench/RESULTS.md from one bench/run's raw figures (bench/scale.py).

.venv/bin/python bench/report.py bench/results/<date>-scale.json > bench/RESULTS.md

The `## Soak run` section that bench/soak writes at the end of RESULTS.md is kept: taken as
it is from RESULTS.md, or, when that file has none (a shell redirect onto it empties it
first), written again from the newest bench/results/*-soak.json.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scale import (
    CONCURRENCY,
    FEED_MS,
    FLOOR_MULTIPLE,
    MAX_GROWTH,
    MAX_QUERIES,
    P95_MS,
    REPORT_MS,
    RSS_MB,
    SPIRIT_MULTIPLE,
)

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
SOAK_HEADING = "## Soak run"
# Written by hand from bench/profile.py's figures (before and after a change): kept too.
CPU_HEADING = "## Server CPU per hot page (bench/profile.py)"
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
Run = dict[str, Any]
Row = Callable[[str, str, str, bool | None], None]


def n(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def loaded(page: dict[str, Any]) -> bool:
    return "load" in page and "error" not in page["load"]


def floor_of(run: Run) -> dict[str, Any]:
    return next(p for p in run["pages"] if p["name"] == "floor")["load"]


def measured(run: Run) -> list[dict[str, Any]]:
    return [p for p in run["pages"] if loaded(p) and p["name"] != "floor"]


def p50(page: dict[str, Any], c: int = 1) -> float:
    return float(page["load"][f"c{c}"]["p50_ms"])


def latencies(load: dict[str, Any], c: int) -> str:
    x = load[f"c{c}"]
    return f"{n(x['p50_ms'], 2)} | {n(x['p95_ms'], 2)} | {n(x['p99_ms'], 2)} | {n(x['rps'])}"


def in_process(page: dict[str, Any]) -> str:
    if "cpu_ms" not in page:
        return " | "
    return f"{n(page['cpu_ms'], 2)} | {n(page['wall_ms'], 2)}"


def page_table(run: Run) -> list[str]:
    floor = floor_of(run)
    rows = [
        "| page | queries | KB | in-process CPU | in-process wall | c=1 p50 | p95 | p99 | rps "
        "| c=8 p50 | p95 | p99 | rps | p50 ÷ floor (c=1) | rps ÷ floor (c=8) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: |",
    ]
    blank = " |" * 9
    for p in run["pages"]:
        if p.get("absent"):
            rows.append(f"| {p['name']} | — | | | | not in this build (`{p['path']}`) |{blank}")
            continue
        head = f"| {p['name']} | {p['queries']} | {p['bytes'] / 1024:.1f} | {in_process(p)}"
        if not loaded(p):
            rows.append(f"{head} | {p['load']['error']} |{blank}")
            continue
        ratio = p50(p) / floor["c1"]["p50_ms"]
        share = p["load"]["c8"]["rps"] / floor["c8"]["rps"]
        rows.append(
            f"{head} | {latencies(p['load'], 1)} | {latencies(p['load'], 8)} "
            f"| {ratio:.1f}× | {share:.3f} |"
        )
    after = run["floor_after"]
    if "c1" in after:
        rows.append(
            f"| floor, again at the end | 0 | | | | {latencies(after, 1)} "
            f"| {latencies(after, 8)} | | |"
        )
    return rows


def growth_table(runs: list[Run]) -> list[str]:
    head = " · ".join(f"f={r['factor']:g}" for r in runs)
    span = f"f={runs[0]['factor']:g} → f={runs[-1]['factor']:g}"
    rows = [
        f"| page | queries ({head}) | in-process wall ms ({head}) | its growth, {span} "
        f"| in-process CPU ms ({head}) | c=1 p50 ms ({head}) | p50 growth |",
        "| --- | --- | --- | ---: | --- | --- | ---: |",
    ]
    for i, first in enumerate(runs[0]["pages"]):
        if first["name"] == "floor" or first.get("absent"):
            continue
        same = [r["pages"][i] for r in runs]
        walls = [p.get("wall_ms", 0.0) for p in same]
        cpus = [p.get("cpu_ms", 0.0) for p in same]
        queries = " · ".join(str(p.get("queries", "?")) for p in same)
        grew = f"{walls[-1] / walls[0]:.2f}" if walls[0] else ""
        if all(loaded(p) for p in same):
            medians = [p50(p) for p in same]
            http = f"{' · '.join(n(x, 2) for x in medians)} | {medians[-1] / medians[0]:.2f}"
        else:
            http = "not load-tested at every factor (too slow) | "
        rows.append(
            f"| {first['name']} | {queries} | {' · '.join(n(x, 1) for x in walls)} | {grew} "
            f"| {' · '.join(n(x, 1) for x in cpus)} | {http} |"
        )
    return rows


def _floor_multiple(runs: list[Run], db: str, add: Row) -> None:
    top = runs[-1]
    floor = floor_of(top)["c1"]["p50_ms"]
    pages = measured(top)
    worst = max(pages, key=p50)
    over = [p for p in pages if p50(p) > FLOOR_MULTIPLE * floor]
    add(
        f"median at 1 client ≤ {FLOOR_MULTIPLE}× the floor's (f={top['factor']:g})",
        db,
        f"floor {floor:.2f} ms; {len(over)} of {len(pages)} pages over; slowest "
        f"{worst['name']} {p50(worst):.1f} ms = {p50(worst) / floor:.0f}×",
        not over,
    )


def _p95_at_factor_one(runs: list[Run], db: str, add: Row) -> None:
    target = f"p95 < {P95_MS} ms at 8 clients, factor 1"
    f1 = next((r for r in runs if r["factor"] == 1), None)
    if f1 is None:
        add(target, db, "factor 1 not in this run", None)
        return
    slow = [
        f"{p['name']} {p['load']['c8']['p95_ms']:.0f} ms"
        for p in measured(f1)
        if p["load"]["c8"]["p95_ms"] >= P95_MS
    ]
    add(target, db, "; ".join(slow) or "all pages", not slow)


def _queries(runs: list[Run], db: str, add: Row) -> None:
    many = [f"{p['name']} {p['queries']}" for p in measured(runs[-1]) if p["queries"] > MAX_QUERIES]
    add(f"at most {MAX_QUERIES} queries a page", db, "; ".join(many) or "all pages", not many)


def _growth(runs: list[Run], db: str, add: Row) -> None:
    if len(runs) < 2:
        return
    grew, moved = [], []
    for i, first in enumerate(runs[0]["pages"]):
        same = [r["pages"][i] for r in runs]
        if first["name"] == "floor" or not all(p.get("wall_ms") for p in same):
            continue
        growth = same[-1]["wall_ms"] / same[0]["wall_ms"]
        if growth > MAX_GROWTH:
            grew.append(f"{first['name']} {growth:.2f}")
        if len({p["queries"] for p in same}) > 1:
            moved.append(first["name"])
    span = f"f={runs[0]['factor']:g} → f={runs[-1]['factor']:g}"
    add(
        f"cost growth ≤ {MAX_GROWTH} ({span}; in-process wall time, median of 7)",
        db,
        "; ".join(grew) or "all pages",
        not grew,
    )
    add(f"query counts flat ({span})", db, "; ".join(moved) or "all pages", not moved)


def _spirit(runs: list[Run], peer: dict[str, Any], db: str, add: Row) -> None:
    top = runs[-1]
    target = f"thread ≥ {SPIRIT_MULTIPLE}× Spirit topic's rps, 8 clients (f={top['factor']:g})"
    thread = next((p for p in top["pages"] if p["name"].startswith("thread")), None)
    if "c8" not in peer.get("topic", {}) or not thread or not loaded(thread):
        add(target, db, peer.get("skipped", "not measured"), None)
        return
    mine, theirs = thread["load"]["c8"]["rps"], peer["topic"]["c8"]["rps"]
    add(target, db, f"{mine:.0f} vs {theirs:.0f} rps = {mine / theirs:.1f}×", mine / theirs >= 4)


def _limits(runs: list[Run], db: str, add: Row) -> None:
    top = runs[-1]
    for name, limit in (("coordinator report", REPORT_MS), ("calendar feed (10 groups)", FEED_MS)):
        page = next((p for p in top["pages"] if p["name"] == name), None)
        target = f"{name} < {limit} ms (median, 1 client, f={top['factor']:g})"
        if page and loaded(page):
            add(target, db, f"{p50(page):.1f} ms", p50(page) < limit)
        elif page and "single_ms" in page.get("load", {}):
            add(target, db, f"{page['load']['single_ms']:,.0f} ms, one request at a time", False)
        else:
            add(target, db, "absent from this build" if page else "not measured", None)


def _memory(runs: list[Run], db: str, add: Row) -> None:
    mem = runs[-1]["memory"]
    if not mem["worker_rss_mb"]:
        return
    each = mem["requests_served"] / len(mem["worker_rss_mb"])
    biggest = max(mem["worker_rss_mb"])
    add(
        f"a worker < {RSS_MB} MB resident after 10,000 requests",
        db,
        f"{biggest:.0f} MB after about {each:,.0f} requests each",
        biggest < RSS_MB if each >= 10_000 else None,
    )


def targets(report: dict[str, Any]) -> list[str]:
    rows = ["| target | database | measured | verdict |", "| --- | --- | --- | --- |"]

    def add(target: str, db: str, figures: str, ok: bool | None) -> None:
        verdict = "not measured" if ok is None else "met" if ok else "**not met**"
        rows.append(f"| {target} | {DB_NAMES.get(db, db)} | {figures} | {verdict} |")

    for db, runs in by_database(report).items():
        for check in (_floor_multiple, _p95_at_factor_one, _queries, _growth, _limits, _memory):
            check(runs, db, add)
        _spirit(runs, report["spirit"].get(db, {}), db, add)
    return rows


def by_database(report: dict[str, Any]) -> dict[str, list[Run]]:
    found: dict[str, list[Run]] = {}
    for r in report["runs"]:
        found.setdefault(r["db"], []).append(r)
    return {db: sorted(runs, key=lambda r: r["factor"]) for db, runs in found.items()}


def builds(report: dict[str, Any]) -> list[str]:
    rows = [
        "| database | factor | communities | people | posts | rows in all | search entries "
        "| migrate s | seed s (wall) | seed s (CPU) | load average at the start |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in report["runs"]:
        d = r["dataset"]
        posts = d["rows"]["conversations.Thread"] + d["rows"]["conversations.Reply"]
        load = d.get("load_average", {}).get("before", "")
        rows.append(
            f"| {DB_NAMES[r['db']]} | {r['factor']:g} | {d['sizes']['communities']:,} "
            f"| {d['rows']['accounts.User']:,} | {posts:,} | {sum(d['rows'].values()):,} "
            f"| {d['rows'].get('search.Entry', 0):,} | {d['migrate_seconds']:.0f} "
            f"| {d['seconds']['total']:.0f} | {d['seconds'].get('cpu', 0):.0f} | {load} |"
        )
    return rows


def spirit_table(peer: dict[str, Any], runs: list[Run]) -> list[str]:
    rows = [
        f"{peer['versions']}; its topic page with {peer['posts_on_page']} posts on the page "
        f"(`{peer['queries_line']}`), served by the peer kit like Fireside (gunicorn, 2 sync "
        "workers, DEBUG off), and the kit's startproject floor, in the same sitting.",
        "",
        "| page | queries | c=1 p50 | c=1 rps | c=8 p50 | c=8 p95 | c=8 rps "
        "| rps ÷ its floor (c=8) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    kit_floor = peer["floor"]
    lines = [
        ("kit floor (startproject, `ok`)", kit_floor, 0, kit_floor),
        ("Spirit topic, 51 posts", peer["topic"], peer["queries"], kit_floor),
    ]
    lines += [
        (f"Fireside thread, 51 posts, f={r['factor']:g}", t["load"], t["queries"], floor_of(r))
        for r in runs
        for t in r["pages"]
        if t["name"].startswith("thread") and loaded(t)
    ]
    for name, load, q, floor in lines:
        if "c1" not in load:
            continue
        a, b = load["c1"], load["c8"]
        rows.append(
            f"| {name} | {q} | {n(a['p50_ms'], 2)} | {n(a['rps'])} | {n(b['p50_ms'], 2)} "
            f"| {n(b['p95_ms'], 2)} | {n(b['rps'])} | {b['rps'] / floor['c8']['rps']:.3f} |"
        )
    return rows


def write(report: dict[str, Any], raw: str, existing: Path | None = RESULTS) -> str:
    """RESULTS.md: the figures of one bench/run, then the profile section and the soak
    section kept from `existing` (the soak one rendered again from the newest soak run's raw
    figures when missing)."""
    text = top(report, raw)
    if existing is not None and existing.exists():
        cpu = split_section(existing.read_text(), CPU_HEADING)[1]
        if cpu:
            text = text.rstrip("\n") + "\n\n" + cpu.strip("\n") + "\n"
    return with_soak(text, soak_tail(existing))


def top(report: dict[str, Any], raw: str) -> str:
    m, s = report["machine"], report["settings"]
    out = [
        "# Benchmark results: Fireside at scale",
        "",
        f"Written by `{report['command']}` ({report['started']} – {report['finished']}); "
        f"raw figures in `{raw}`. How it works and how to read it: `bench/README.md`. "
        "The tables come from the raw figures: `.venv/bin/python bench/report.py RAW.json`.",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), Linux {m['kernel']}, Python {m['python']}, "
        f"{m['versions']}, {m['wrk']}. Load average before {report['load_before']}, after "
        f"{report['load_after']}: other work on this shared box shows there.",
        "",
        f"Served by gunicorn, {s['workers']} sync workers, production settings (`DEBUG` off, "
        "cached templates, whitenoise); loaded over loopback by wrk, a closed loop of "
        f"{' and '.join(str(c) for c in CONCURRENCY)} connections for {s['seconds']:g} s each "
        f"(at most {s['max_requests']:,} requests per wrk thread) after a 1 s warm-up. "
        "Latencies in milliseconds. The floor is `/bench/floor`: Fireside's whole middleware "
        "stack returning a fixed `ok`, measured first and again at the end of each sitting. "
        "Queries: the page rendered in-process by Django's test client, second render counted; "
        "in-process CPU and wall: the median of 7 more renders there (CPU includes SQLite's "
        "work, not PostgreSQL's). Both move much less with the machine's load than the load "
        "test's latencies, so growth is judged on the in-process wall time.",
        "",
        "## Targets",
        "",
        *targets(report),
        "",
        "## Building the datasets (seed_scale)",
        "",
        *builds(report),
    ]
    for db, runs in by_database(report).items():
        out += ["", f"## {DB_NAMES[db]}", ""]
        for r in runs:
            mem = r["memory"]
            rss = ", ".join(f"{x:.0f} MB" for x in mem["worker_rss_mb"])
            size = f"{r['dataset']['sizes']['communities']:,} communities"
            out += [
                f"### Factor {r['factor']:g} ({size})",
                "",
                *page_table(r),
                "",
                f"Workers after {mem['requests_served']:,} requests in all: {rss} resident.",
                "",
            ]
        if len(runs) > 1:
            out += [f"### Growth on {DB_NAMES[db]}", "", *growth_table(runs), ""]
        peer = report["spirit"].get(db)
        if peer:
            out += [f"### Spirit, side by side ({DB_NAMES[db]})", ""]
            if "skipped" in peer:
                out.append(f"Not measured: {peer['skipped']}.")
            else:
                out += spirit_table(peer, runs)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- the soak run (bench/soak.py) ------------------------------------------------------


def split_soak(text: str) -> tuple[str, str]:
    """The text without its `## Soak run` section, and that section ("" if none)."""
    return split_section(text, SOAK_HEADING)


def split_section(text: str, heading: str) -> tuple[str, str]:
    """The text without the section under `heading`, and that section ("" if none). The
    section runs to the next second-level heading or the end."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.rstrip("\n") == heading), None)
    if start is None:
        return text, ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "".join(lines[:start] + lines[end:]), "".join(lines[start:end])


def with_soak(text: str, section: str) -> str:
    """`text` with `section` as its last section, replacing any soak section it had."""
    rest, _old = split_soak(text)
    if not section.strip():
        return rest
    rest = rest.rstrip("\n")
    return (rest + "\n\n" if rest else "") + section.strip("\n") + "\n"


def soak_tail(existing: Path | None) -> str:
    if existing is not None and existing.exists():
        kept = split_soak(existing.read_text())[1]
        if kept:
            return kept
    raws = sorted((BENCH / "results").glob("*-soak.json"))
    if not raws:
        return ""
    raw = raws[-1]
    return soak_section(json.loads(raw.read_text()), raw.relative_to(BENCH.parent).as_posix())


def _brief(check: dict[str, Any]) -> str:
    """A check's figures on one line, for the table."""
    parts = []
    for k, v in check.items():
        if k == "ok" or (v in ({}, [], None) and k != "drain_seconds"):
            continue
        text = json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v)
        parts.append(f"{k.replace('_', ' ')}: {text}")
    return "; ".join(parts).replace("|", "\\|")


def soak_section(result: dict[str, Any], raw: str) -> str:
    s, m, q, mem = result["settings"], result["machine"], result["queue"], result["memory"]
    sizes = result["dataset"].get("sizes", {})
    checks = result["checks"]
    failed = [k for k, c in checks.items() if not c["ok"]]
    a = result["load"]["all"]
    tasks, emails = checks.get("tasks", {}), checks.get("emails", {})
    if not failed:
        verdict = (
            f"**Held.** {a['requests']:,} requests, zero 5xx, zero connection errors, no "
            f"unexpected status; the task queue drained {q['drain_seconds']} s after the load "
            "ended; every check below passed."
        )
    else:
        verdict = f"**Did not hold.** Failed checks: {', '.join(failed)} (details below)."

    def rss(xs: list[float]) -> str:
        return ", ".join(f"{x:.0f}" for x in xs) + " MB" if xs else "—"

    out = [
        SOAK_HEADING,
        "",
        f"Written by `{result['command']}` ({result['started']} – {result['finished']}); raw "
        f"figures in `{raw}`. How it works: `bench/README.md`, section “Soak run”.",
        "",
        verdict,
        "",
        f"Set-up, all on the loopback: the scale dataset at factor {s['factor']:g} "
        f"({sizes.get('communities', '?'):,} communities, {sizes.get('people', '?'):,} people, "
        f"{sizes.get('posts', '?'):,} posts) on PostgreSQL; {s['servers']} app servers "
        f"(gunicorn, {s['workers_per_server']} sync workers each, production settings) on "
        f"ports {', '.join(map(str, s['ports']))}, requests alternating between them; "
        f"{s['db_workers']} `manage.py db_worker` processes; all sharing the one database. "
        f"Cache: {s['cache']}. Email: {s['email']}. {s['users']} virtual users, each one "
        f"member, in a closed loop without pauses for {result['load_seconds']:g} s (asked: "
        f"{s['seconds']:g} s), each signing in through the form first. Machine: "
        f"{m['nproc']} CPUs ({m['cpu']}), {m['versions']}; load average before "
        f"{result['before']['load_average']}, after {result['after']['load_average']} (the "
        "servers, workers, PostgreSQL and the load driver share the box's CPUs).",
        "",
        "| kind | requests | rps | p50 ms | p95 ms | p99 ms | max ms | 5xx | no answer |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(name: str, k: dict[str, Any]) -> str:
        return (
            f"| {name} | {k['requests']:,} | {k['rps']:,.1f} | {k['p50_ms']:,.1f} | "
            f"{k['p95_ms']:,.1f} | {k['p99_ms']:,.1f} | {k['max_ms']:,.1f} | {k['5xx']} | "
            f"{k['no_answer']} |"
        )

    out.append(row("**all**", a))
    out += [row(name, k) for name, k in result["load"]["kinds"].items()]
    by_task = ", ".join(
        f"{v:,} {k.rsplit('.', 1)[-1]}" for k, v in tasks.get("by_task", {}).items()
    )
    out += [
        "",
        f"Writes the servers accepted: {result['writes']['replies']:,} replies and "
        f"{result['writes']['rsvps']:,} RSVPs. Task queue: {tasks.get('enqueued', 0):,} tasks "
        f"enqueued during the run ({by_task or 'none'}), by status "
        f"{json.dumps(tasks.get('by_status', {}))}; due tasks waiting during the load: at most "
        f"{q['max_due_during_load']}, {q['mean_due_during_load']} on average, "
        f"{q['at_load_end']['due']} when it ended; drained {q['drain_seconds']} s later. A task "
        f"waited {tasks.get('wait_to_start_p50_s')} s to start (median), "
        f"{tasks.get('wait_to_start_max_s')} s at most. Emails: {emails.get('emails', 0):,}, "
        f"{emails.get('messages_written', 0):,} written by the mail backend, "
        f"{emails.get('duplicates', 0)} twice.",
        "",
        f"Memory (resident): app-server workers {rss(mem['start']['app_workers_mb'])} at the "
        f"start, {rss(mem['end']['app_workers_mb'])} at the end (at most "
        f"{mem['app_max_mb']:.0f} MB); db_workers {rss(mem['start']['db_workers_mb'])} → "
        f"{rss(mem['end']['db_workers_mb'])} (at most {mem['db_worker_max_mb']:.0f} MB). "
        "“At most” is the highest of the samples taken each second; an app worker's peak "
        "comes from signing someone in (Argon2 hashing takes 100 MiB while it runs).",
        "",
        "| check | held | figures |",
        "| --- | --- | --- |",
    ]
    out += [f"| {k} | {'yes' if c['ok'] else '**no**'} | {_brief(c)} |" for k, c in checks.items()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path) as f:
        sys.stdout.write(write(json.load(f), path))
