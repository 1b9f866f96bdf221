"""Records the app writes itself are read-only in the admin: no add form to post to, and
nothing to change on an existing row."""

import pytest
from django.urls import reverse

from tests.factories import DeliveryFactory, HeartbeatFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["notifications_delivery", "core_heartbeat"])
def test_an_administrator_cannot_add_a_record_the_app_writes(client, administrator, model):
    client.force_login(administrator)
    url = reverse(f"admin:{model}_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize(
    ("model", "factory"),
    [("notifications_delivery", DeliveryFactory), ("core_heartbeat", HeartbeatFactory)],
)
def test_an_administrator_can_look_at_but_not_change_a_record_the_app_writes(
    client, administrator, model, factory
):
    row = factory()
    before = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    client.force_login(administrator)
    url = reverse(f"admin:{model}_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"status": "sent", "name": "changed", "kind": "changed"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} == before
