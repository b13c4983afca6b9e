"""`GET /admin/store`: v1's store with its feature flags (pricing reference, file 89)."""

import pytest

from products.selectors import default_sales_channel
from tests.factories import RegionFactory, currency

pytestmark = pytest.mark.django_db

STORE_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "name",
    "default_currency_code",
    "swap_link_template",
    "payment_link_template",
    "invite_link_template",
    "default_location_id",
    "metadata",
    "default_sales_channel_id",
    "currencies",
    "default_currency",
    "default_sales_channel",
    "feature_flags",
    "modules",
    "payment_providers",
    "fulfillment_providers",
]


def test_departure_store_feature_flags_and_v1s_keys_and_default_channel(api, django_assert_max_num_queries):
    # given
    RegionFactory(currency=currency("dkk"))
    RegionFactory(currency=currency("eur"))
    # when
    with django_assert_max_num_queries(6):
        response = api.get("/admin/store")
    # then
    assert response.status_code == 200
    store = response.json()["store"]
    assert list(store) == STORE_KEYS
    assert store["id"].startswith("store_")
    assert (store["name"], store["default_currency_code"]) == ("Medusa Store", "usd")
    assert [entry["code"] for entry in store["currencies"]] == ["usd", "dkk", "eur"]
    assert store["default_currency"] == {"code": "usd", "symbol": "$", "symbol_native": "$", "name": "US Dollar"}
    assert store["default_sales_channel_id"] == store["default_sales_channel"]["id"] == default_sales_channel().id
    flags = {flag["key"]: flag["value"] for flag in store["feature_flags"]}
    assert (flags["tax_inclusive_pricing"], flags["sales_channels"], flags["medusa_v2"]) == (False, True, False)
    assert store["modules"] == []
    assert {"id": "manual", "is_installed": True} in store["payment_providers"]
    assert store["fulfillment_providers"] == [{"id": "manual", "is_installed": True}]


def test_a_disabled_default_channel_shows_in_the_store(api):
    # given
    channel = default_sales_channel()
    api.post(f"/admin/sales-channels/{channel.id}", {"is_disabled": True}, format="json")
    # when
    response = api.get("/admin/store")
    # then
    assert response.json()["store"]["default_sales_channel"]["is_disabled"] is True
