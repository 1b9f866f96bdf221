#!/usr/bin/env python3
"""Developer commands. Needs only Python 3.11+; everything else it sets up itself.

    python3 dev.py run     the app with demo data on http://127.0.0.1:8000
                           (SQLite and a broker that needs no server; web, worker, beat)
    python3 dev.py test    the whole test suite against real PostgreSQL, Redis and Chromium
    python3 dev.py lint    ruff, formatting, mypy, migrations, docker-compose.yml schema
    python3 dev.py bench   the benchmark scripts under bench/ (PostgreSQL, seeded data)

`make run`, `make test` and `make lint` call these. Extra arguments to `test` go to pytest.

Services for `test`, in order of preference:
  PostgreSQL: DATABASE_URL; else 127.0.0.1:5432 as user postgres; else a throwaway server
              started from the installed binaries (installed with apt-get where allowed).
  Redis:      REDIS_URL; else 127.0.0.1:6379; else a throwaway redis-server, likewise.
  Chromium:   CHROMIUM_PATH; else /usr/bin/chromium or one on PATH; else apt-get install.
When none of these works it stops and says exactly what to install.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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
TEST_DATABASE_NAME = "mentoring"


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
        say("Installing the pinned dependencies (requirements/dev.txt)")
        subprocess.run(
            [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "-r", str(LOCK_FILE)],
            check=True,
        )
        INSTALLED_STAMP.write_text(wanted)


def run_inside_virtualenv() -> None:
    """Re-run this script with the virtualenv's Python, so its packages can be imported."""
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__)), *sys.argv[1:]])


def venv_env(**overrides: str) -> dict[str, str]:
    env = {**os.environ, **overrides}
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def throwaway_secret_key() -> dict[str, str]:
    """test, lint and bench run with DEBUG off, where the settings refuse to start without
    DJANGO_SECRET_KEY: give them a random one, unless one is set already."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return {}
    return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}


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


# --- services for test ---------------------------------------------------------------------


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


def postgres_answers(url: str) -> bool:
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        return False
    try:
        connection = psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=3,
        )
    except psycopg2.Error:
        return False
    connection.close()
    return True


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
    if answers(local):
        say(f"{what}: using the local server ({local})")
        return local
    return None


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    local = f"postgres://postgres@127.0.0.1:5432/{TEST_DATABASE_NAME}"
    existing = existing_server("PostgreSQL", "DATABASE_URL", local, postgres_answers)
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
        url = f"postgres://postgres@127.0.0.1:{port}/{TEST_DATABASE_NAME}"
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
    local = "redis://127.0.0.1:6379/1"
    existing = existing_server("Redis", "REDIS_URL", local, redis_answers)
    if existing:
        yield existing
        return
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if not binary and apt_install("redis-server"):
        if redis_answers(local):  # the package may have started its own service
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


def command_test(args: list[str]) -> int:
    strict = "--ci" in args or os.environ.get("CI") == "true"
    args = [a for a in args if a != "--ci"]
    browser = chromium()
    JUNIT_XML.parent.mkdir(parents=True, exist_ok=True)
    JUNIT_XML.unlink(missing_ok=True)
    with postgres() as database_url, redis_server() as redis_url:
        env = venv_env(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=redis_url,
            CHROMIUM_PATH=browser,
            DJANGO_ALLOW_ASYNC_UNSAFE="true",
            DJANGO_DEBUG="false",
            DJANGO_READ_DOT_ENV="false",
            **throwaway_secret_key(),
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        say("Running pytest")
        code = subprocess.call(
            [str(VENV_PYTHON), "-m", "pytest", f"--junitxml={JUNIT_XML}", *args], cwd=ROOT, env=env
        )
    summary = summarise_junit(JUNIT_XML, strict=strict)
    return code or summary


# --- lint ------------------------------------------------------------------------------------


def command_lint(args: list[str]) -> int:
    env = venv_env(DJANGO_READ_DOT_ENV="false", **throwaway_secret_key())
    steps = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "."],
        ["python", "manage.py", "makemigrations", "--check", "--dry-run"],
        ["check-jsonschema", "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
    ]
    for step in steps:
        say(" ".join(step))
        if subprocess.call([str(VENV / "bin" / step[0]), *step[1:]], cwd=ROOT, env=env):
            return 1
    return 0


def command_bench(args: list[str]) -> int:
    """The benchmark scripts under bench/, against a fresh database of their own."""
    import psycopg2

    with postgres() as database_url, redis_server() as redis_url:
        base = database_url.rsplit("/", 1)[0]
        admin = psycopg2.connect(f"{base}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS mentoring_bench")
            cursor.execute("CREATE DATABASE mentoring_bench")
        admin.close()
        env = venv_env(
            DATABASE_URL=f"{base}/mentoring_bench",
            REDIS_URL=redis_url,
            CELERY_TASK_ALWAYS_EAGER="true",
            DJANGO_READ_DOT_ENV="false",
            **throwaway_secret_key(),
        )
        code = 0
        for script in sorted((ROOT / "bench").glob("*.py")):
            say(f"bench/{script.name}")
            code |= subprocess.call([str(VENV_PYTHON), str(script), *args], cwd=ROOT, env=env)
        return code


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
