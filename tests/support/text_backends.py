"""Text message backends for tests that play GOV.UK Notify."""

import os
import time

from notifications.text import FileBackend


class AcceptThenHangBackend(FileBackend):
    """Writes the text (Notify has accepted it), then hangs before returning, as a
    connection that drops before Notify's reply arrives."""

    def send(self, *, to: str, body: str) -> None:
        super().send(to=to, body=body)
        time.sleep(float(os.environ.get("TEST_TEXT_HANG_SECONDS", "60")))
