"""`python -m bench [--quick] [--parts 1,2,3]`: dispatch rate, round trip and scale, as a table."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import platform
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import dispatching, scale, serving
from bench.databases import (
    POSTGRES_URL,
    RESULTS,
    admin_execute,
    copy_sqlite,
    fresh_sqlite_path,
    migrate,
    migrated,
    postgres_url,
    remove_sqlite,
    sqlite_url,
)
from bench.report import Row, markdown, save
from bench.seed import SeedSize, postgres_seed, sqlite_seed


@dataclass(frozen=True)
class Sizes:
    """How big each part runs."""

    store: SeedSize
    capped_due: int
    capped_rtts: tuple[float, ...]
    mid_store: SeedSize
    start_repeats: int
    serving: serving.ServingSizes


ALL_PARTS = "1,2,3"
FULL = Sizes(
    store=SeedSize(users=100_000, follow_ups=1_000_000, due=10_000),
    capped_due=600,
    capped_rtts=dispatching.CAPPED_RTTS,
    mid_store=SeedSize(users=10_000, follow_ups=100_000, due=0),
    start_repeats=5,
    serving=serving.ServingSizes(),
)
# CI's smoke run: every part runs, in well under a minute; too small to judge targets.
QUICK = Sizes(
    store=SeedSize(users=1_000, follow_ups=10_000, due=300),
    capped_due=40,
    capped_rtts=(0.05,),
    mid_store=SeedSize(users=100, follow_ups=1_000, due=0),
    start_repeats=1,
    serving=serving.ServingSizes(rtt=0.02, users=3, crowd=30, seconds=20.0, crowd_seconds=3.0),
)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    info = {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
    if POSTGRES_URL:
        info["postgresql"] = asyncio.run(_postgres_version())
    return info


async def _postgres_version() -> str:
    from sqlalchemy import text

    from storage.db import create_engine

    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            return str(await connection.scalar(text("SHOW server_version")))
    finally:
        await engine.dispose()


def _timed(label: str, rows: list[Row], step: Callable[[], list[Row]]) -> None:
    started = time.perf_counter()
    print(f"… {label}", file=sys.stderr, flush=True)
    new = step()
    rows += new
    print(markdown(new).split("\n", 2)[2], file=sys.stderr)
    print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)


def _run(coroutine: Coroutine[Any, Any, list[Row]]) -> list[Row]:
    return asyncio.run(coroutine)


async def _dispatch_and_scale_sqlite(sizes: Sizes, parts: set[str], fresh: bool) -> list[Row]:
    rows: list[Row] = []
    seed, seconds, cached = await sqlite_seed(sizes.store, fresh=fresh)
    note = "seed cached" if cached else f"seeded in {seconds:.0f} s"
    if "1" in parts:
        copy = copy_sqlite(seed, "dispatch")
        try:
            unlimited = await dispatching.unlimited(sqlite_url(copy))
        finally:
            remove_sqlite(copy)
        rows += dispatching.rows_unlimited("SQLite", sizes.store, unlimited, note)
        capped: dict[float, dispatching.CappedRun] = {}
        for rtt in sizes.capped_rtts:
            copy = copy_sqlite(seed, "capped")
            try:
                capped[rtt] = await dispatching.capped(sqlite_url(copy), sizes.capped_due, rtt=rtt)
            finally:
                remove_sqlite(copy)
        rows += dispatching.rows_capped("SQLite", sizes.capped_due, sizes.store.follow_ups, capped)
    if "3" in parts:
        mid_seed, _, _ = await sqlite_seed(sizes.mid_store, fresh=fresh)
        mid = copy_sqlite(mid_seed, "scale-mid")  # the bot writes beside its database
        empty = fresh_sqlite_path("empty")
        await migrate(sqlite_url(empty))
        big = copy_sqlite(seed, "scale")
        await dispatching.keep_due(sqlite_url(big), 0)  # start-up only: nothing due
        try:
            databases = {
                0: sqlite_url(empty),
                sizes.mid_store.follow_ups: sqlite_url(mid),
                sizes.store.follow_ups: sqlite_url(big),
            }
            results = await scale.measure(databases, sizes.start_repeats)
        finally:
            remove_sqlite(empty)
            remove_sqlite(mid)
            remove_sqlite(big)
        rows += scale.rows("SQLite", results, sizes.start_repeats)
    return rows


async def _dispatch_and_scale_postgres(sizes: Sizes, parts: set[str]) -> list[Row]:
    rows: list[Row] = []
    tag = uuid.uuid4().hex[:6]
    seed, mid = f"bench_seed_{tag}", f"bench_mid_{tag}"
    created = [seed]
    try:
        seconds = await postgres_seed(sizes.store, seed)
        note = f"COPY-seeded in {seconds:.0f} s"
        if "1" in parts:
            async with migrated("PostgreSQL", "dispatch", template=seed) as database:
                unlimited = await dispatching.unlimited(database.url)
            rows += dispatching.rows_unlimited("PostgreSQL", sizes.store, unlimited, note)
            capped: dict[float, dispatching.CappedRun] = {}
            for rtt in sizes.capped_rtts:
                async with migrated("PostgreSQL", "capped", template=seed) as database:
                    capped[rtt] = await dispatching.capped(database.url, sizes.capped_due, rtt=rtt)
            rows += dispatching.rows_capped(
                "PostgreSQL", sizes.capped_due, sizes.store.follow_ups, capped
            )
        if "3" in parts:
            created.append(mid)
            await postgres_seed(sizes.mid_store, mid)
            await dispatching.keep_due(postgres_url(seed), 0)
            async with migrated("PostgreSQL", "empty") as empty:
                databases = {
                    0: empty.url,
                    sizes.mid_store.follow_ups: postgres_url(mid),
                    sizes.store.follow_ups: postgres_url(seed),
                }
                results = await scale.measure(databases, sizes.start_repeats)
            rows += scale.rows("PostgreSQL", results, sizes.start_repeats)
    finally:
        for name in created:
            await admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return rows


def _serving_sizes(
    defaults: serving.ServingSizes, args: argparse.Namespace
) -> tuple[serving.ServingSizes, str]:
    """Part 2's sizes with the flags given applied, and those flags for the command line."""
    given = {
        "--rtt-ms": args.rtt_ms,
        "--serving-users": args.serving_users,
        "--crowd-users": args.crowd_users,
        "--serving-seconds": args.serving_seconds,
        "--crowd-seconds": args.crowd_seconds,
    }
    flags = "".join(f" {flag} {value:g}" for flag, value in given.items() if value is not None)
    sizes = dataclasses.replace(
        defaults,
        rtt=defaults.rtt if args.rtt_ms is None else args.rtt_ms / 1000,
        users=args.serving_users or defaults.users,
        crowd=args.crowd_users or defaults.crowd,
        seconds=args.serving_seconds or defaults.seconds,
        crowd_seconds=args.crowd_seconds or defaults.crowd_seconds,
    )
    return sizes, flags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run (< 1 min)")
    parser.add_argument("--parts", default=ALL_PARTS, help="which parts to run, e.g. 1,3")
    parser.add_argument("--fresh-seed", action="store_true", help="rebuild cached SQLite seeds")
    trip = parser.add_argument_group("part 2, the round trip (in brackets: full-size defaults)")
    trip.add_argument("--rtt-ms", type=float, help="round trip of every Bot API call (100)")
    trip.add_argument("--serving-users", type=int, help="users of the polling/webhook runs (30)")
    trip.add_argument("--crowd-users", type=int, help="users of the rate-limited run (300)")
    trip.add_argument(
        "--serving-seconds", type=float, help="limit of each polling/webhook run (100)"
    )
    trip.add_argument("--crowd-seconds", type=float, help="length of the rate-limited run (15)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    parts = set(args.parts.split(","))
    command = "python -m bench" + (" --quick" if args.quick else "")
    if args.parts != ALL_PARTS:
        command += f" --parts {args.parts}"
    serving_sizes, serving_flags = _serving_sizes(sizes.serving, args)
    command += serving_flags

    # The bot logs each flood wait with a traceback; the table counts them instead.
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    # Part 2 says which simulated user the bot left without the answer it expected.
    logging.getLogger("bench").setLevel(logging.WARNING)
    started = time.perf_counter()
    info = machine()
    rows: list[Row] = []
    if parts & {"1", "3"}:
        _timed(
            "1/3 dispatch rate and scale, SQLite",
            rows,
            lambda: _run(_dispatch_and_scale_sqlite(sizes, parts, args.fresh_seed)),
        )
        if POSTGRES_URL:
            _timed(
                "1/3 dispatch rate and scale, PostgreSQL",
                rows,
                lambda: _run(_dispatch_and_scale_postgres(sizes, parts)),
            )
    if "2" in parts:
        _timed("2 round trip", rows, lambda: _run(serving.run(serving_sizes)))

    elapsed = time.perf_counter() - started
    print()
    print(f"Command: {command}  ({elapsed / 60:.1f} min)")
    print("Machine: " + "; ".join(f"{key} {value}" for key, value in info.items()))
    print()
    print(markdown(rows))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    save(rows, info, command, RESULTS / f"results-{stamp}.json")
    # Figures, not a test: a missed target is reported in the table, never as a failure.
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr or "")
        raise
