#!/usr/bin/env python3
"""Developer commands. Needs only Python 3.11+; everything else it sets up itself.

    python3 dev.py run     the app with demo data on http://127.0.0.1:8000
                           (SQLite and a broker that needs no server; web, worker, beat)
    python3 dev.py test    the whole test suite against real PostgreSQL, Redis and Chromium
    python3 dev.py lint    ruff, formatting, mypy, import contracts, migrations, compose schema
    python3 dev.py bench   the page benchmark (bench/README.md): gunicorn, wrk, two baselines

`make run`, `make test` and `make lint` call these. Extra arguments to `test` go to pytest.

Services for `test` and `bench`, in order of preference:
  PostgreSQL: DATABASE_URL; else 127.0.0.1:5432 as user postgres; else a throwaway server
              started from the installed binaries (installed with apt-get where allowed).
  Redis:      REDIS_URL; else 127.0.0.1:6379; else a throwaway redis-server, likewise.
  Chromium:   CHROMIUM_PATH; else /usr/bin/chromium or one on PATH; else apt-get install.
When none of these works it stops and says exactly what to install.
DEV_THROWAWAY_SERVERS=true skips the local servers and starts throwaway ones, as on a fresh
machine.

Each run has databases and cache keys of its own, so runs sharing a server do not collide:
`test` gives pytest-django the database name mentoring_<run> (it creates test_mentoring_<run>
and drops it at the end) and the cache the key prefix mentoring_test_<run>; `bench` creates
mentoring_bench_<run> and mentoring_bench_<run>_small and drops those two only.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
LOCK_FILE = ROOT / "requirements" / "dev.txt"
INSTALLED_STAMP = VENV / ".installed-requirements.txt"
VAR = ROOT / "var"
JUNIT_XML = VAR / "test-results" / "junit.xml"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/1"
# Names this run's databases and cache keys, so that two runs on one server never collide.
RUN_ID = f"{os.getpid()}_{secrets.token_hex(3)}"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def stop(message: str) -> None:
    print(f"\n*** {message}\n", file=sys.stderr, flush=True)
    sys.exit(2)


# --- Installing things ----------------------------------------------------------------------


def _privilege_prefix() -> list[str] | None:
    """How to run apt-get: directly as root, through password-less sudo, or not at all."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


_apt_updated = False


def apt_install(*packages: str) -> bool:
    """Install Debian/Ubuntu packages when allowed to; False when not possible."""
    global _apt_updated
    prefix = _privilege_prefix()
    if prefix is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    say(f"Installing {' '.join(packages)} with apt-get")
    if not _apt_updated:
        subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env, check=False)
        _apt_updated = True
    result = subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env=env,
        check=False,
    )
    return result.returncode == 0


def ensure_virtualenv() -> None:
    """Create .venv and install the locked requirements when they changed."""
    if sys.version_info < (3, 11):
        stop(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not VENV_PYTHON.exists():
        say("Creating the virtual environment in .venv")
        if subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False).returncode:
            shutil.rmtree(VENV, ignore_errors=True)
            minor = f"python3.{sys.version_info.minor}-venv"
            if not (apt_install(minor) or apt_install("python3-venv")):
                stop(
                    "Python's venv module is missing. Install it with:\n"
                    f"    sudo apt-get install {minor}\nthen run this command again."
                )
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    wanted = LOCK_FILE.read_text()
    if not INSTALLED_STAMP.exists() or INSTALLED_STAMP.read_text() != wanted:
        install_lock(wanted)
        INSTALLED_STAMP.write_text(wanted)


def install_lock(lock: str) -> None:
    """Make .venv hold exactly the lock: uv (the version pinned in the lock) does it with
    `uv pip sync`; when uv cannot be installed or cannot reach the index, pip installs it."""
    uv = VENV / "bin" / "uv"
    pin = re.search(r"^uv==(\S+)", lock, re.MULTILINE)
    if not uv.exists() and pin:
        subprocess.run(
            [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", f"uv=={pin[1]}"], check=False
        )
    if uv.exists():
        say("Installing the pinned dependencies with uv (requirements/dev.txt, exactly)")
        sync = [str(uv), "pip", "sync", "--quiet", "--python", str(VENV_PYTHON), str(LOCK_FILE)]
        if subprocess.run(sync, check=False).returncode == 0:
            return
        say("uv could not install them; using pip instead")
    else:
        say("Installing the pinned dependencies with pip (requirements/dev.txt)")
    subprocess.run(
        [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "-r", str(LOCK_FILE)], check=True
    )


def run_inside_virtualenv() -> None:
    """Re-run this script with the virtualenv's Python, so its packages can be imported."""
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__)), *sys.argv[1:]])


def venv_env(**overrides: str) -> dict[str, str]:
    env = {**os.environ, **overrides}
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def secret_key() -> str:
    """DJANGO_SECRET_KEY if set, else a random one for this run (settings refuse to start
    without a key when DEBUG is off)."""
    return os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(VENV_PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- run -------------------------------------------------------------------------------------


def command_run(args: list[str]) -> int:
    env = venv_env(DJANGO_DEBUG=os.environ.get("DJANGO_DEBUG", "true"))
    (VAR / "celery" / "queue").mkdir(parents=True, exist_ok=True)
    say("Bringing the database up to date (var/db.sqlite3 unless DATABASE_URL says otherwise)")
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    say("Starting web, worker and beat. Open http://127.0.0.1:8000 . Ctrl-C stops all three.")
    try:
        return subprocess.call(
            [str(VENV / "bin" / "honcho"), "-f", "Procfile.dev", "start", *args], cwd=ROOT, env=env
        )
    except KeyboardInterrupt:
        return 0


# --- services for test and bench -----------------------------------------------------------
#
# Why dev.py starts throwaway servers itself rather than through pytest-postgresql and
# pytest-redis (10.0.0 and 5.0.1, read and tried on Debian 12 as root):
#  - Their fixtures start the servers inside pytest, after pytest-django has read DATABASES,
#    and `bench` is not pytest at all; the choice DATABASE_URL / local / throwaway / apt-get
#    has to be made before either starts, i.e. here.
#  - As root they cannot start PostgreSQL: they call pg_ctl as the current user, which refuses
#    root, and have no option to run it as another user. Pointed at a wrapper script
#    (`runuser -u postgres -- pg_ctl "$@"`), initdb then fails because the data directory
#    is under pytest's basetemp, /tmp/pytest-of-root, mode 0700.
#  - Their executor classes do work from a script with that wrapper and a data directory
#    owned by postgres, but would save about 40 lines here for two plugins loaded into every
#    pytest run plus mirakuru, port-for, psutil and psycopg 3 (which cannot even be imported
#    on a machine without libpq), while the port choice, root handling, binary discovery and
#    apt-get would all stay here.


def free_port() -> int:
    """A free TCP port below 32768 (outside the kernel's ephemeral range)."""
    for port in range(21000 + os.getpid() % 5000, 32000):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    stop("No free port below 32768 for a throwaway server.")
    raise AssertionError  # unreachable


def wait_for(check, what: str, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    stop(f"{what} did not start within {seconds:.0f} seconds.")


def with_database(url: str, name: str) -> str:
    """The same server address with another database name (user, options kept)."""
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))


def server_connection(url: str, timeout: int = 10):  # type: ignore[no-untyped-def]
    """An autocommit connection to the server's `postgres` database, where databases are
    created and dropped."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=timeout,
    )
    connection.autocommit = True
    return connection


def postgres_answers(url: str) -> bool:
    import environ
    import psycopg2

    if "postgresql" not in environ.Env.db_url_config(url)["ENGINE"]:
        return False
    try:
        server_connection(url, timeout=3).close()
    except psycopg2.Error:
        return False
    return True


def on_server(server_url: str, statement: str, database: str) -> None:
    """Run CREATE or DROP DATABASE (`{}` in the statement) for one exactly named database."""
    from psycopg2 import sql

    connection = server_connection(server_url)
    try:
        connection.cursor().execute(sql.SQL(statement).format(sql.Identifier(database)))
    finally:
        connection.close()


def drop_database(server_url: str, name: str) -> None:
    """Drop one database, by its exact name; only ever called with a name made for this run."""
    import psycopg2

    try:
        on_server(server_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    except psycopg2.Error as error:
        print(f"Could not drop the database {name}: {error}", file=sys.stderr)


def find_postgres_bin(name: str) -> str | None:
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0,
        reverse=True,
    )
    return candidates[0] if candidates else shutil.which(name)


def existing_server(
    what: str, variable: str, local: str, answers: Callable[[str], bool]
) -> str | None:
    """The server named by `variable` (which must answer), else the local one, else None."""
    given = os.environ.get(variable)
    if given:
        if not answers(given):
            stop(f"{variable} is set but {what} does not answer at the address it gives.")
        say(f"{what}: using {variable}")
        return given
    if skip_local_servers():
        return None
    if answers(local):
        say(f"{what}: using the local server ({local})")
        return local
    return None


def skip_local_servers() -> bool:
    return os.environ.get("DEV_THROWAWAY_SERVERS", "").lower() in ("1", "true", "yes")


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """The address of a PostgreSQL server; the database name in it is not to be relied on."""
    existing = existing_server("PostgreSQL", "DATABASE_URL", LOCAL_POSTGRES, postgres_answers)
    if existing:
        yield existing
        return
    initdb = find_postgres_bin("initdb")
    if not initdb and apt_install("postgresql"):
        initdb = find_postgres_bin("initdb")
    if not initdb:
        stop(
            "PostgreSQL is needed for the tests and none was found.\n"
            "Install it with:  sudo apt-get install postgresql\n"
            "or point DATABASE_URL at a server you can create databases on."
        )
    assert initdb
    pg_ctl = str(Path(initdb).with_name("pg_ctl"))
    as_postgres: list[str] = []
    data = Path(tempfile.mkdtemp(prefix="mentoring-pg-", dir="/tmp"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if subprocess.run(["id", "postgres"], capture_output=True, check=False).returncode:
            stop("PostgreSQL cannot run as root and there is no 'postgres' user to run it as.")
        shutil.chown(data, user="postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    say(f"PostgreSQL: starting a throwaway server on 127.0.0.1:{port} (data in {data})")
    subprocess.run(
        [
            *as_postgres,
            initdb,
            "-D",
            str(data / "db"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        [
            *as_postgres,
            pg_ctl,
            "-D",
            str(data / "db"),
            "-l",
            str(data / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        wait_for(lambda: postgres_answers(url), "The throwaway PostgreSQL")
        yield url
    finally:
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data / "db"), "-m", "immediate", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(data, ignore_errors=True)


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    local = LOCAL_REDIS
    existing = existing_server("Redis", "REDIS_URL", local, redis_answers)
    if existing:
        yield existing
        return
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if not binary and apt_install("redis-server"):
        if not skip_local_servers() and redis_answers(local):  # the package may start one
            yield local
            return
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not binary or not Path(binary).exists():
        stop(
            "Redis is needed for the tests and none was found.\n"
            "Install it with:  sudo apt-get install redis-server\n"
            "or point REDIS_URL at a Redis server."
        )
    assert binary
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="mentoring-redis-", dir="/tmp"))
    say(f"Redis: starting a throwaway server on 127.0.0.1:{port}")
    log = (workdir / "redis.log").open("w")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: redis_answers(url), "The throwaway Redis")
        yield url
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def chromium() -> str:
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        if not Path(given).exists():
            stop(f"CHROMIUM_PATH is set but there is no browser at {given}")
        return given

    def found() -> str | None:
        for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
            path = candidate if candidate.startswith("/") else shutil.which(candidate)
            if path and Path(path).exists():
                return path
        return None

    path = found()
    if not path and apt_install("chromium"):
        path = found()
    if not path:
        stop(
            "Chromium is needed for the browser tests and none was found.\n"
            "Install it with:  sudo apt-get install chromium\n"
            "or set CHROMIUM_PATH to a Chromium or Chrome executable."
        )
    assert path
    return path


# --- test ------------------------------------------------------------------------------------


def summarise_junit(path: Path, *, strict: bool) -> int:
    """Print the totals; in strict mode (CI) fail when nothing ran or anything was skipped."""
    if not path.exists():
        print("No test report was written.", file=sys.stderr)
        return 1
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    print(f"{total - failed - skipped} passed, {failed} failed, {skipped} skipped")
    if strict and total == 0:
        print("No tests ran.", file=sys.stderr)
        return 1
    if strict and skipped:
        print(
            "Tests were skipped; in CI every test, browser and service tests too, must run.",
            file=sys.stderr,
        )
        return 1
    return 0


def call_to_the_end(command: list[str], **kwargs) -> int:  # type: ignore[no-untyped-def]
    """subprocess.call, except that Ctrl-C (which the child gets too) leaves the child time
    to clean up, e.g. pytest dropping its test database and stopping the Celery worker."""
    process = subprocess.Popen(command, **kwargs)
    try:
        return process.wait()
    except KeyboardInterrupt:
        try:
            return process.wait(timeout=60)
        except (KeyboardInterrupt, subprocess.TimeoutExpired):
            process.kill()
            return process.wait()


def command_test(args: list[str]) -> int:
    strict = "--ci" in args or os.environ.get("CI") == "true"
    args = [a for a in args if a != "--ci"]
    if strict and not any(a.startswith("--durations") for a in args):
        args.append("--durations=25")  # CI's log then says where the time went
    browser = chromium()
    JUNIT_XML.parent.mkdir(parents=True, exist_ok=True)
    JUNIT_XML.unlink(missing_ok=True)
    # pytest-django creates test_<name> and drops it at the end; the name is this run's own.
    database = f"mentoring_{RUN_ID}"
    with postgres() as server_url, redis_server() as redis_url:
        env = venv_env(
            DATABASE_URL=with_database(server_url, database),
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=redis_url,
            CACHE_KEY_PREFIX=f"mentoring_test_{RUN_ID}",
            CHROMIUM_PATH=browser,
            DJANGO_ALLOW_ASYNC_UNSAFE="true",
            DJANGO_DEBUG="false",
            DJANGO_READ_DOT_ENV="false",
            DJANGO_SECRET_KEY=secret_key(),
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        say(f"Running pytest (test database test_{database})")
        try:
            code = call_to_the_end(
                [str(VENV_PYTHON), "-m", "pytest", f"--junitxml={JUNIT_XML}", *args],
                cwd=ROOT,
                env=env,
            )
        finally:
            if "--reuse-db" not in args:  # in case pytest was killed before it dropped it
                drop_database(server_url, f"test_{database}")
    summary = summarise_junit(JUNIT_XML, strict=strict)
    return code or summary


# --- lint ------------------------------------------------------------------------------------


def command_lint(args: list[str]) -> int:
    env = venv_env(DJANGO_READ_DOT_ENV="false", DJANGO_SECRET_KEY=secret_key())
    steps = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "."],
        ["lint-imports"],
        ["python", "manage.py", "makemigrations", "--check", "--dry-run"],
        ["check-jsonschema", "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
    ]
    for step in steps:
        say(" ".join(step))
        if subprocess.call([str(VENV / "bin" / step[0]), *step[1:]], cwd=ROOT, env=env):
            return 1
    return 0


def wrk() -> str:
    """The wrk load tool: on the PATH, else installed with apt-get where allowed."""
    path = shutil.which("wrk")
    if not path and apt_install("wrk"):
        path = shutil.which("wrk")
    if not path:
        stop(
            "The benchmark needs wrk, and none was found.\n"
            "Install it with:  sudo apt-get install wrk"
        )
    assert path
    return path


def command_bench(args: list[str]) -> int:
    """The page benchmark (bench/run.py; bench/README.md), against two databases made for
    this run (big and small) and dropped after it. It never drops any other database."""
    if any(a in ("-h", "--help") for a in args):
        return subprocess.call([str(VENV_PYTHON), "-m", "bench.run", *args], cwd=ROOT)
    load_tool = wrk()
    big = f"mentoring_bench_{RUN_ID}"
    small = f"{big}_small"
    with postgres() as server_url, redis_server() as redis_url:
        created: list[str] = []
        try:
            for database in (big, small):
                on_server(server_url, "CREATE DATABASE {}", database)  # fails if taken
                created.append(database)
                say(f"PostgreSQL: created the database {database} for this run")
            env = venv_env(
                DATABASE_URL=with_database(server_url, big),
                BENCH_SMALL_DATABASE_URL=with_database(server_url, small),
                BENCH_WRK=load_tool,
                REDIS_URL=redis_url,
                CELERY_BROKER_URL=redis_url,
                CACHE_KEY_PREFIX=f"mentoring_bench_{RUN_ID}",
                DJANGO_READ_DOT_ENV="false",
                DJANGO_SECRET_KEY=secret_key(),
            )
            env.pop("DJANGO_SETTINGS_MODULE", None)
            return call_to_the_end([str(VENV_PYTHON), "-m", "bench.run", *args], cwd=ROOT, env=env)
        finally:
            for database in created:
                drop_database(server_url, database)


COMMANDS = {"run": command_run, "test": command_test, "lint": command_lint, "bench": command_bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_virtualenv()
    run_inside_virtualenv()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
