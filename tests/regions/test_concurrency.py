import pytest

from regions.services import region_country_add
from tests.concurrency import at_once
from tests.factories import RegionFactory, country

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_regions_racing_for_one_country_get_it_once():
    # given
    regions = [RegionFactory(countries=[]), RegionFactory(countries=[])]

    # when
    outcomes = at_once(
        [lambda region=region: region_country_add(region_id=region.pk, country_code="us") for region in regions]
    )
    # then
    assert sorted(outcome["type"] if isinstance(outcome, dict) else "added" for outcome in outcomes) == [
        "added",
        "duplicate_error",
    ]
    assert country("us").region_id in {region.pk for region in regions}
