"""The admin's pages for people and programmes answer bad input with a message."""

import pytest
from django.urls import reverse

from accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_a_membership_with_a_programme_that_is_not_a_number_is_refused_beside_the_field(
    client, administrator, coordinator, programme
):
    membership = Membership.objects.get(user=coordinator)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_change", args=[coordinator.pk]),
        {
            "email": coordinator.email,
            "role": coordinator.role,
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(coordinator.pk),
            "memberships-0-programme": "not-a-number",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    membership.refresh_from_db()
    assert membership.programme == programme
