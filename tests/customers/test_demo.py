import pytest

from customers import demo
from customers.models import Address, Customer

pytestmark = pytest.mark.django_db


def test_demo_customers_load_once_with_addresses():
    # given
    assert not demo.has_data()
    # when
    demo.load()
    demo.load()
    # then
    assert demo.has_data()
    assert Customer.objects.count() == 4
    assert sorted(Address.objects.filter(customer__isnull=False).values_list("country_id", flat=True)) == [
        "ca",
        "de",
        "dk",
        "us",
    ]
    jane = Customer.objects.get(email="jane.doe@example.com")
    assert jane.billing_address.country_id == "us"
    assert Address.objects.count() == 5
