import pytest

from tests.factories import nhs_number


@pytest.fixture
def another_nhs_number():
    return nhs_number(999)
