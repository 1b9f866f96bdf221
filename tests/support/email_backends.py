"""Email backends for tests that play a mail server."""

import os
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class AcceptThenHangBackend(FileBackend):
    """Writes the message (the mail server has accepted it), then hangs before returning,
    as a connection that drops before the server's reply arrives. A worker killed in that
    window has sent the email but not recorded it."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        sent = super().send_messages(email_messages)
        time.sleep(float(os.environ.get("TEST_EMAIL_HANG_SECONDS", "60")))
        return sent
