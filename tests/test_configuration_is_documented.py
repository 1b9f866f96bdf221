"""Every environment variable the settings read is in .env.example and the README."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = (ROOT / "config" / "settings.py").read_text()
NAMES = sorted(set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS)))


def test_the_settings_read_some_variables():
    assert "DATABASE_URL" in NAMES
    assert "REDIS_URL" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_variable_is_in_env_example_and_the_readme(name):
    assert re.search(rf"^{name}=", (ROOT / ".env.example").read_text(), re.M), name
    assert f"`{name}`" in (ROOT / "README.md").read_text(), name


def test_the_example_settings_work_as_they_are(tmp_path):
    """Copying .env.example to .env must give a working configuration."""
    import subprocess
    import sys

    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    values["DJANGO_READ_DOT_ENV"] = "false"
    # The one value with no default: with DJANGO_DEBUG=false the settings refuse to start
    # without it (tests/core/test_secret_key.py).
    values["DJANGO_SECRET_KEY"] = "a-long-random-value-for-this-check"
    values["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    env = {"PATH": "/usr/bin:/bin", **values}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
