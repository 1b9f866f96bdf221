"""gunicorn's access log (config/gunicorn.py) names the path, never the query string or the
referring page, which may hold a patient's name or NHS number from a search."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def test_the_access_log_keeps_searches_out(tmp_path):
    config = Config()
    for name, value in runpy.run_path(str(CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/referrals/inbox/?q=Margaret+Example&nhs=9434765919",
        "PATH_INFO": "/referrals/inbox/",
        "QUERY_STRING": "q=Margaret+Example&nhs=9434765919",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://mentoring.example/referrals/inbox/?q=Margaret",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=42))

    line = log_file.read_text()
    assert '"GET /referrals/inbox/ HTTP/1.1" 200 1234 42ms' in line
    assert "Margaret" not in line
    assert "9434765919" not in line


def test_a_worker_freezes_what_it_holds_once_the_app_is_loaded():
    import gc

    hook = runpy.run_path(str(CONFIG))["post_worker_init"]
    gc.unfreeze()
    try:
        hook(SimpleNamespace())
        assert gc.get_freeze_count() > 10_000  # the app, its views and their imports
    finally:
        gc.unfreeze()
