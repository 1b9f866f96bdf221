"""A live service (DEBUG off) refuses to start without its own secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_READ_DOT_ENV="false", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_without_debug_and_without_a_secret_key_django_refuses_to_start():
    result = start_django(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_an_empty_secret_key_counts_as_unset():
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_with_a_secret_key_it_starts():
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-long-random-test-value")
    assert result.returncode == 0, result.stderr


def test_in_development_the_development_key_is_used():
    result = start_django(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
