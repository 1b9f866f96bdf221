"""Text messages go through the backend chosen in settings; GOV.UK Notify gets the body as
the one field of its template. Notify itself is never called by the tests."""

import json

from notifications import channels, kinds, text


def test_the_file_backend_writes_one_file_per_text(settings, tmp_path):
    settings.TEXT_BACKEND = "notifications.text.FileBackend"
    settings.TEXT_FILE_PATH = str(tmp_path)
    channels.TextChannel().send(kinds.Message(to=["+447700900111"], subject="x", body="Hello"))
    [path] = tmp_path.iterdir()
    assert json.loads(path.read_text()) == {"to": "+447700900111", "body": "Hello"}


def test_notify_gets_the_number_the_template_and_the_body(settings, monkeypatch):
    settings.TEXT_BACKEND = "notifications.text.NotifyBackend"
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_TEXT_TEMPLATE_ID = "template-1"
    calls = []

    class FakeClient:
        def __init__(self, api_key):
            calls.append(("key", api_key))

        def send_sms_notification(self, **kwargs):
            calls.append(("sms", kwargs))

    monkeypatch.setattr(
        "notifications_python_client.notifications.NotificationsAPIClient", FakeClient
    )
    channels.TextChannel().send(kinds.Message(to=["+447700900111"], subject="x", body="Hello"))
    assert calls == [
        ("key", "test-key"),
        (
            "sms",
            {
                "phone_number": "+447700900111",
                "template_id": "template-1",
                "personalisation": {"body": "Hello"},
            },
        ),
    ]


def test_tests_keep_texts_in_memory():
    channels.TextChannel().send(kinds.Message(to=["+447700900222"], subject="x", body="Hi"))
    assert text.outbox == [{"to": "+447700900222", "body": "Hi"}]
