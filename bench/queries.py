"""Query count of every bench page, in-process (Django's test client and
CaptureQueriesContext) against the database of DATABASE_URL. Run by bench/run.py once per
data size:

    DATABASE_URL=... BENCH_BASELINES=true python -m bench.queries MANIFEST.json OUT.json
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.pages import ADMIN_CHANGELISTS, EXPORT, FLOOR, PAGES, Page  # noqa: E402


def count(client: Client, url: str) -> dict[str, int]:
    client.get(url)  # the first request may fill caches; count the second
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            chunks: Iterable[bytes] = response.streaming_content  # type: ignore[attr-defined]
            size = sum(len(chunk) for chunk in chunks)
        else:
            size = len(response.content)
    return {"queries": len(queries.captured_queries), "status": response.status_code, "bytes": size}


def main() -> None:
    manifest = json.loads(Path(sys.argv[1]).read_text())
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    clients: dict[str, Client] = {}
    for role, email in manifest["sign_ins"].items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(email=email))
    pages: list[Page] = [FLOOR, *ADMIN_CHANGELISTS.values(), *PAGES, EXPORT]
    result = {page.name: count(clients[page.role], page.url(manifest)) for page in pages}
    Path(sys.argv[2]).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
