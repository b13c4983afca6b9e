import pytest

from tests.factories import RegionFactory, currency


@pytest.fixture
def region(db):
    return RegionFactory(name="North America")


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Europe", currency=currency("eur"), tax_rate=25)
