"""The page benchmark of issue 9: gunicorn on PostgreSQL, wrk, two baselines in one run.

Run it with `python3 dev.py bench` (bench/README.md), which creates two databases for the
run (mentoring_bench_<run> and mentoring_bench_<run>_small), passes them in DATABASE_URL
and BENCH_SMALL_DATABASE_URL, and drops those two afterwards, never another. This script:

1. migrates both databases and fills them with `generate_scale_data` (small and big);
2. counts each page's queries in-process at both sizes (bench/queries.py);
3. starts gunicorn (DEBUG off, config/gunicorn.py as the Dockerfile, 2 sync workers) on the big
   database, signs in through the real sign-in page as each role;
4. downloads the 10,000-mentor export once, watching each worker's RSS, and counts its rows;
5. loads every page with wrk (4 connections) in rounds (3 by default): each round runs the
   admin changelists, then every page right after a run of the floor, so each figure is
   the median of the rounds and each ratio compares runs of the same moment;
6. runs the soak (50 connections on every page in turn), and writes the table to the
   terminal and to var/bench/.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.cookiejar
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.pages import ADMIN_CHANGELISTS, EXPORT, EXPORT_ROWS, FLOOR, PAGES, TARGETS, Page

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
OUT = ROOT / "var" / "bench"


def say(message: str) -> None:
    print(f"--> {message}", flush=True)


# --- Options ---------------------------------------------------------------------------------


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dev.py bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, 2 s a page (~2 min)")
    parser.add_argument("--soak", action="store_true", help="the full soak: 5 minutes")
    parser.add_argument("--scale", type=float, help="big data set (default 1; --quick 0.1)")
    parser.add_argument("--small-scale", type=float, default=0.02, help="small data set")
    parser.add_argument(
        "--duration", type=float, help="seconds of wrk a page and its floor each round (default 4)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds over every page; figures are their median"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--soak-seconds", type=float, help="default 30; --soak 300; --quick 10")
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--only", help="only the pages whose name contains this (or any of a,b,c)")
    args = parser.parse_args(argv)
    args.scale = args.scale if args.scale is not None else (0.1 if args.quick else 1.0)
    args.duration = args.duration or (2.0 if args.quick else 4.0)
    args.rounds = max(1, args.rounds)
    if args.soak_seconds is None:
        args.soak_seconds = 300.0 if args.soak else (10.0 if args.quick else 30.0)
    return args


# --- Data and query counts -------------------------------------------------------------------


def django_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_READ_DOT_ENV": "false",
        "BENCH_BASELINES": "true",
    }


def fill(database_url: str, scale: float, manifest: Path) -> dict[str, Any]:
    env = django_env(database_url)
    run = [PYTHON, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*run, "generate_scale_data", "--force", f"--scale={scale}", f"--manifest={manifest}"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    data = json.loads(manifest.read_text())
    data["generated_in_s"] = round(time.perf_counter() - started, 1)
    return data


def count_queries(database_url: str, manifest: Path, out: Path) -> dict[str, Any]:
    subprocess.run(
        [PYTHON, "-m", "bench.queries", str(manifest), str(out)],
        cwd=ROOT,
        env=django_env(database_url),
        check=True,
    )
    return json.loads(out.read_text())


# --- gunicorn --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(
    database_url: str, workers: int, log_dir: Path, *, recycle: bool, name: str
) -> Iterator[tuple[str, int]]:
    """The production settings (config/gunicorn.py, as the Dockerfile) with fewer workers:
    yields (base URL, pid). Without `recycle`, a worker is never replaced after its
    GUNICORN_MAX_REQUESTS: a new worker's first requests take seconds (it loads the code,
    compiles templates, connects), which is not what a page costs."""
    port = free_port()
    log = (log_dir / f"{name}.log").open("w")
    env = django_env(database_url)
    if not recycle:
        env["GUNICORN_MAX_REQUESTS"] = "0"
    process = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "-c",
            "config/gunicorn.py",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            str(log_dir / f"{name}-access.log"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{base}/health/", timeout=5).status == 200:
                    break
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log_dir / f'{name}.log'}")
            time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not answer within 60 seconds")
        say(
            f"gunicorn: {workers} sync workers on {base} (pid {process.pid}), "
            + ("recycled as in production" if recycle else "never recycled")
        )
        yield base, process.pid
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        log.close()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) if match else 0


# --- Signing in and fetching -----------------------------------------------------------------


def sign_in(base: str, email: str, password: str) -> str:
    """Through the real sign-in page, as a person would; returns the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "login": email, "password": password}
    ).encode()
    response = opener.open(f"{base}/accounts/login/", body, timeout=30)
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies or response.url.endswith("/accounts/login/"):
        raise SystemExit(f"Could not sign in as {email}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, path: str, cookie: str) -> tuple[int, bytes, float]:
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, body, time.perf_counter() - started


# --- wrk -------------------------------------------------------------------------------------


@dataclass
class Load:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int
    errors: int  # non-2xx responses and socket errors (timeouts included)
    seconds: float

    @classmethod
    def from_wrk(cls, data: dict[str, Any]) -> Load:
        socket_errors = sum(
            data[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
        )
        seconds = data["duration_us"] / 1e6
        return cls(
            p50_ms=data["p50_us"] / 1000,
            p95_ms=data["p95_us"] / 1000,
            rps=data["requests"] / seconds if seconds else 0.0,
            requests=data["requests"],
            errors=data["non2xx"] + socket_errors,
            seconds=seconds,
        )


def wrk(base: str, requests: list[tuple[str, str]], *, seconds: float, connections: int) -> Load:
    """wrk with bench/wrk.lua over these (path, cookie) requests, taken in turn."""
    binary = os.environ.get("BENCH_WRK") or shutil.which("wrk")
    if not binary:
        raise SystemExit("wrk is needed: sudo apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("".join(f"{path}\t{cookie}\n" for path, cookie in requests))
    try:
        result = subprocess.run(
            [
                binary,
                f"--threads={min(2, connections)}",
                f"--connections={connections}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=60s",
                f"--script={Path(__file__).with_name('wrk.lua')}",
                base + requests[0][0],
            ],
            env={**os.environ, "BENCH_WRK_REQUESTS": listing.name},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(listing.name)
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON "))
    return Load.from_wrk(json.loads(line.removeprefix("BENCH_JSON ")))


# --- The run ---------------------------------------------------------------------------------


def export_memory(base: str, master: int, cookie: str, manifest: dict[str, Any]) -> dict[str, Any]:
    """Download the export once, sampling every worker's RSS; count its rows."""
    workers = worker_pids(master)
    before = {pid: rss_kb(pid) for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in workers:
                with contextlib.suppress(OSError):
                    peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        status, body, took = fetch(base, EXPORT.url(manifest), cookie)
    finally:
        done.set()
        sampler.join()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    growth_mb = max(peak[pid] - before[pid] for pid in workers) / 1024
    expected = manifest[EXPORT_ROWS]
    return {
        "page": EXPORT.name,
        "status": status,
        "seconds": round(took, 2),
        "bytes": len(body),
        "rows": len(rows) - 1,  # less the header
        "expected_rows": expected,
        "rss_growth_mb": round(growth_mb, 1),
        "rss_before_mb": {pid: round(kb / 1024, 1) for pid, kb in before.items()},
        "rss_peak_mb": {pid: round(kb / 1024, 1) for pid, kb in peak.items()},
        "memory_ok": growth_mb < TARGETS.export_rss_mb,
        "rows_ok": status == 200 and len(rows) - 1 == expected,
    }


def median_ratio(pairs: list[tuple[float, float]]) -> float | None:
    """The median over rounds of value / baseline (rounds with no baseline left out)."""
    ratios = [value / of for value, of in pairs if of]
    return round(statistics.median(ratios), 2) if ratios else None


def run(args: argparse.Namespace) -> int:
    big_url = os.environ["DATABASE_URL"]
    small_url = os.environ["BENCH_SMALL_DATABASE_URL"]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = OUT / stamp
    out.mkdir(parents=True, exist_ok=True)
    wanted = [part.strip().lower() for part in (args.only or "").split(",") if part.strip()]
    pages = [p for p in PAGES if not wanted or any(part in p.name.lower() for part in wanted)]

    say(f"Filling the small database (scale {args.small_scale})")
    small = fill(small_url, args.small_scale, out / "manifest-small.json")
    say(f"Filling the big database (scale {args.scale})")
    big = fill(big_url, args.scale, out / "manifest-big.json")
    say("Counting queries at both sizes (Django test client, in-process)")
    queries_small = count_queries(small_url, out / "manifest-small.json", out / "q-small.json")
    queries_big = count_queries(big_url, out / "manifest-big.json", out / "q-big.json")

    results: dict[str, Any] = {
        "started": stamp,
        "options": vars(args),
        "data": {"small": small, "big": big},
        "pages": [],
        "baselines": {},
    }
    with gunicorn(big_url, args.workers, out, recycle=False, name="gunicorn") as (base, master):
        cookies = {
            role: sign_in(base, email, big["password"]) for role, email in big["sign_ins"].items()
        }
        say("Signed in through /accounts/login/ as " + ", ".join(cookies))

        warmed: set[str] = set()

        def warm(page: Page) -> float:
            """Checks it answers 200 and returns the slowest of a request per worker. The
            first time, wrk loads it for 2 s as well, so that every worker has run it (its
            templates compiled) before it is measured."""
            times = []
            for _ in range(args.workers):
                status, _, took = fetch(base, page.url(big), cookies[page.role])
                if status != 200:
                    raise SystemExit(f"{page.name} answered {status} ({page.url(big)})")
                times.append(took)
            if page.name not in warmed:
                warmed.add(page.name)
                wrk(
                    base,
                    [(page.url(big), cookies[page.role])],
                    seconds=2,
                    connections=args.connections,
                )
            return max(times)

        warm(FLOOR)
        say(f"Export memory: {EXPORT.name}")
        results["export"] = export_memory(base, master, cookies[EXPORT.role], big)
        say(
            json.dumps(
                {
                    k: results["export"][k]
                    for k in ("rows", "expected_rows", "rss_growth_mb", "seconds")
                }
            )
        )

        def load(page: Page, seconds: float) -> Load:
            """A run of wrk; longer again if fewer than two requests a connection finished
            in it (a page slower than thought, or a stall), since its p95 would say little
            (and none finished would read as 0 ms)."""
            while True:
                result = wrk(
                    base,
                    [(page.url(big), cookies[page.role])],
                    seconds=seconds,
                    connections=args.connections,
                )
                if result.requests >= 2 * args.connections or seconds >= 60:
                    return result
                say(f"{page.name}: {result.requests} requests in {seconds:.0f} s; again, longer")
                seconds = min(seconds * 3, 60)

        # Rounds over every page: each round runs the admin changelists the pages need, then
        # each page right after a run of the floor. A busy moment on the machine spoils one
        # round, not a page's figure, and each ratio compares runs of the same round.
        needed = {key: ADMIN_CHANGELISTS[key] for key in sorted({p.admin for p in pages})}
        admin_runs: dict[str, list[Load]] = {key: [] for key in needed}
        rounds: dict[str, list[tuple[Load, Load]]] = {page.name: [] for page in pages}
        seconds_for: dict[str, float] = {}
        for number in range(1, args.rounds + 1):
            say(f"Round {number} of {args.rounds}")
            for key, page in needed.items():
                warm(page)
                admin_runs[key].append(load(page, args.duration))
                say(f"{page.name}: p95 {admin_runs[key][-1].p95_ms:.1f} ms")
            for page in pages:
                single = warm(page)
                # A slow page gets time for a few requests on every connection each round.
                seconds = seconds_for.setdefault(
                    page.name,
                    max(args.duration, min(4 * single * args.connections / args.workers, 60)),
                )
                floor = load(FLOOR, args.duration)
                result = load(page, seconds)
                say(
                    f"{page.name}: p95 {result.p95_ms:.1f} ms (floor {floor.p95_ms:.1f} ms), "
                    f"{result.rps:.1f}/s, {result.errors} errors"
                )
                rounds[page.name].append((result, floor))
        results["baselines"] = {
            "admin": {key: [vars(r) for r in runs] for key, runs in admin_runs.items()},
            "floor": [vars(f) for runs in rounds.values() for _, f in runs],
        }
        for page in pages:
            small_q = queries_small[page.name]["queries"]
            big_q = queries_big[page.name]["queries"]
            runs = rounds[page.name]
            loads = [result for result, _ in runs]
            floors = [floor for _, floor in runs]
            by_admin = list(zip(loads, admin_runs[page.admin], strict=True))
            seconds = sum(r.seconds for r in loads)
            row = {
                "page": page.name,
                "path": page.path,
                "p50_ms": round(statistics.median(r.p50_ms for r in loads), 2),
                "p95_ms": round(statistics.median(r.p95_ms for r in loads), 2),
                "rps": round(sum(r.requests for r in loads) / seconds, 2) if seconds else 0.0,
                "requests": sum(r.requests for r in loads),
                "errors": sum(r.errors for r in loads),
                "seconds": round(seconds, 2),
                "p95_rounds_ms": [round(r.p95_ms, 1) for r in loads],
                "floor_p95_ms": round(statistics.median(f.p95_ms for f in floors), 2),
                "floor_p95_rounds_ms": [round(f.p95_ms, 1) for f in floors],
                "admin_p95_ms": round(statistics.median(a.p95_ms for _, a in by_admin), 2),
                # The median of each round's ratio: a page against the floor run just before
                # it, and against the admin changelist of the same round.
                "vs_floor": median_ratio([(r.p95_ms, f.p95_ms) for r, f in runs]),
                "vs_admin": median_ratio([(r.p95_ms, a.p95_ms) for r, a in by_admin]),
                "queries_small": small_q,
                "queries_big": big_q,
            }
            row["floor_ok"] = row["vs_floor"] is not None and row["vs_floor"] <= TARGETS.floor_ratio
            row["admin_ok"] = row["vs_admin"] is not None and row["vs_admin"] <= TARGETS.admin_ratio
            row["queries_ok"] = small_q == big_q and big_q <= TARGETS.max_queries
            row["errors_ok"] = row["errors"] == 0
            results["pages"].append(row)

    if args.soak_seconds:
        # The soak runs against a fresh gunicorn recycled as in production (a worker is
        # replaced after GUNICORN_MAX_REQUESTS), since surviving that is part of its test.
        with gunicorn(big_url, args.workers, out, recycle=True, name="gunicorn-soak") as (base, _):
            say(
                f"Soak: {args.soak_connections} connections for {args.soak_seconds:.0f}s over "
                f"{len(pages)} pages"
            )
            soak = wrk(
                base,
                [(p.url(big), cookies[p.role]) for p in pages],
                seconds=args.soak_seconds,
                connections=args.soak_connections,
            )
            results["soak"] = {**vars(soak), "ok": soak.errors <= TARGETS.soak_errors}

    table = markdown(results)
    print("\n" + table)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    (out / "results.md").write_text(table)
    (OUT / "latest.md").write_text(table)
    say(f"Written to {out.relative_to(ROOT)}/results.md and .json (and var/bench/latest.md)")
    return 0


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def markdown(results: dict[str, Any]) -> str:
    big, small = results["data"]["big"], results["data"]["small"]
    lines = [
        f"Bench {results['started']}: big data {big['counts'].get('referrals.Referral', 0):,} "
        f"referrals, {big['counts'].get('recruitment.Mentor', 0):,} mentors, "
        f"{big['counts'].get('training.TrainingRecord', 0):,} training records "
        f"(big programme {big['mentors_in_programme']:,} mentors); small data "
        f"{small['counts'].get('referrals.Referral', 0):,} referrals. gunicorn "
        f"{results['options']['workers']} sync workers, DEBUG off, wrk "
        f"{results['options']['connections']} connections, {results['options']['rounds']} "
        "rounds: p50 and p95 are the medians of the rounds, each ratio the median of the "
        "rounds' ratios.",
        "",
        "| page | p50 ms | p95 ms | p95 each round | req/s | errors | p95/floor | p95/admin "
        "| queries small/big | floor ≤5x | admin ≤0.5x | queries |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|---|",
    ]
    for row in results["pages"]:
        each = " / ".join(f"{p95:.0f}" for p95 in row["p95_rounds_ms"])
        lines.append(
            f"| {row['page']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {each} "
            f"| {row['rps']:.1f} | {row['errors']} | {row['vs_floor']}x | {row['vs_admin']}x "
            f"| {row['queries_small']}/{row['queries_big']} | {mark(row['floor_ok'])} "
            f"| {mark(row['admin_ok'])} | {mark(row['queries_ok'])} |"
        )
    floors = [f["p95_ms"] for f in results["baselines"]["floor"]]
    if floors:
        lines += [
            "",
            f"Floor p95 (measured before each page in each round): median "
            f"{statistics.median(floors):.1f} ms, range {min(floors):.1f} to {max(floors):.1f} ms.",
        ]
    for key, runs in results["baselines"]["admin"].items():
        p95s = " / ".join(f"{r['p95_ms']:.1f}" for r in runs)
        lines.append(f"Admin changelist, {key}: p95 {p95s} ms (a run at the start of each round).")
    export = results.get("export")
    if export:
        lines += [
            "",
            f"Export ({export['page']}): {export['rows']:,} rows of {export['expected_rows']:,} "
            f"mentors ({mark(export['rows_ok'])}), {export['seconds']} s, "
            f"{export['bytes'] / 1e6:.1f} MB; worker RSS grew {export['rss_growth_mb']} MB "
            f"(target < {TARGETS.export_rss_mb:.0f} MB: {mark(export['memory_ok'])}).",
        ]
    soak = results.get("soak")
    if soak:
        lines.append(
            f"Soak: {results['options']['soak_connections']} connections for "
            f"{soak['seconds']:.0f} s, {soak['requests']:,} requests, p95 {soak['p95_ms']:.0f} ms, "
            f"{soak['errors']} errors ({mark(soak['ok'])})."
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(run(options(sys.argv[1:])))
