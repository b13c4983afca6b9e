import threading

import pytest
from django.db import connection

from config.errors import MedusaError
from regions.services import region_country_add
from tests.factories import RegionFactory, country

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_regions_racing_for_one_country_get_it_once():
    # given
    regions = [RegionFactory(countries=[]), RegionFactory(countries=[])]
    barrier = threading.Barrier(len(regions))
    outcomes = []

    def add(region):
        try:
            barrier.wait()
            region_country_add(region_id=region.pk, country_code="us")
            outcomes.append("added")
        except MedusaError as error:
            outcomes.append(error.type.value)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=add, args=(region,)) for region in regions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then
    assert sorted(outcomes) == ["added", "duplicate_error"]
    assert country("us").region_id in {region.pk for region in regions}
