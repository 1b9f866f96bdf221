"""The benchmark's baselines (demo/baselines.py) exist only when BENCH_BASELINES is on."""

import pytest
from django.urls import NoReverseMatch, reverse

from demo import baselines

pytestmark = pytest.mark.django_db


def test_the_baselines_are_not_in_the_urlconf_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


@pytest.mark.urls("tests.demo.bench_urls")
def test_the_floor_renders_the_base_layout_in_a_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(4):
        page = client.get("/bench/floor/")
    assert page.status_code == 200
    assert "Glenmore programme" in page.content.decode()


@pytest.mark.urls("tests.demo.bench_urls")
def test_the_admin_changelists_are_for_administrators_only(client, coordinator, administrator):
    client.force_login(coordinator)
    assert client.get("/bench/admin/referrals/referral/").status_code == 302
    client.force_login(administrator)
    for path in ["referrals/referral", "recruitment/mentor", "training/trainingrecord",
                 "logs/sessionlog", "logs/concern"]:  # fmt: skip
        assert client.get(f"/bench/admin/{path}/").status_code == 200


def test_the_baseline_urls_are_its_own():
    assert {str(p.pattern) for p in baselines.urlpatterns} == {"bench/floor/", "bench/admin/"}
