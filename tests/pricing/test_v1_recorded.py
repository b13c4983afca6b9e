"""Medusa v1's recorded answers for the pricing resources, replayed against the project.

Each scenario builds the rows the recorded requests name, with v1's ids, names and figures (ids are kept when
given, as v1 keeps them), then sends the recorded requests in order and compares each answer with v1's: status,
and the body's shape and figures. Dates are normalised; an id the request created is matched with v1's by its
place in the answer. Where the project departs from v1 on purpose, the expected answer is patched, saying why.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from config.features import FEATURE_FLAGS
from products.models import MoneyAmount, ProductOption, ProductOptionValue, SalesChannel
from tests.factories import (
    CustomerFactory,
    ProductFactory,
    ProductVariantFactory,
    RegionFactory,
    ShippingOptionFactory,
    currency,
)

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).resolve().parents[1] / "v1_observed" / "pricing"
ID = re.compile(r"\b[a-z]+_[0-9A-HJKMNP-TV-Z]{26}\b")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

USD_REGION = "reg_01M8ZPZ4NJTRBSCN9TK5985P4Y"
DKK_REGION = "reg_01M8ZPZ4SXCEC7KWTYWAWQ5S4V"
RUN = "1204051509cnoq"


def recorded(prefix: str) -> dict:
    (path,) = RECORDED.glob(f"{prefix}_*.json")
    return json.loads(path.read_text())


class Replay:
    """Sends recorded requests, rewriting the ids v1 made into the project's, and compares the answers."""

    def __init__(self, api):
        self.api = api
        self.ids: dict[str, str] = {}  # v1's id → the project's, for ids a replayed request created

    def ours(self, value):
        if isinstance(value, str):
            return ID.sub(lambda match: self.ids.get(match.group(), match.group()), value)
        if isinstance(value, dict):
            return {key: self.ours(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.ours(item) for item in value]
        return value

    def learn(self, v1, ours) -> None:
        """Pairs the ids at the same places of v1's answer and the project's."""
        if isinstance(v1, str) and isinstance(ours, str) and ID.fullmatch(v1) and ID.fullmatch(ours):
            self.ids.setdefault(v1, ours)
        elif isinstance(v1, dict) and isinstance(ours, dict):
            for key in v1.keys() & ours.keys():
                self.learn(v1[key], ours[key])
        elif isinstance(v1, list) and isinstance(ours, list):
            for v1_item, our_item in zip(v1, ours, strict=False):
                self.learn(v1_item, our_item)

    def normalised(self, value, *, ours: bool, back: dict | None = None):
        """Dates as `<date>`; the project's ids as the v1 ids they stand for; an id inside a text (a refusal naming
        a row that was rolled back) as its prefix alone."""
        if back is None:
            back = {project: v1 for v1, project in self.ids.items()} if ours else {}
        if isinstance(value, str):
            if DATE.match(value):
                return "<date>"
            if ID.fullmatch(value):
                return back.get(value, value)
            return ID.sub(lambda match: match.group().split("_")[0] + "_…", value)
        if isinstance(value, dict):
            return {key: self.normalised(item, ours=ours, back=back) for key, item in value.items()}
        if isinstance(value, list):
            return [self.normalised(item, ours=ours, back=back) for item in value]
        return value

    def __call__(self, prefix: str, *, patch: Callable[[dict], None] | None = None) -> dict:
        """Replays one file; `patch(expected)` edits v1's expected answer where the project departs from it."""
        file = recorded(prefix)
        request = file["request"]
        path = self.ours(request["path"])
        if request.get("query"):
            path += "?" + urlencode(self.ours(request["query"]))
        send = getattr(self.api, request["method"].lower())
        response = send(path, self.ours(request.get("body")), format="json") if "body" in request else send(path)
        expected = {"status": file["status"], "data": json.loads(json.dumps(file["data"]))}
        if patch is not None:
            patch(expected)
        body = response.json()
        self.learn(expected["data"], body)
        assert response.status_code == expected["status"], (prefix, body)
        assert self.normalised(body, ours=True) == self.normalised(expected["data"], ours=False), prefix
        return body


@pytest.fixture
def replay(api):
    return Replay(api)


def departure(status: int, data: dict) -> Callable[[dict], None]:
    def patch(expected: dict) -> None:
        expected.update(status=status, data=data)

    return patch


# --- the rows the recorded requests name ---------------------------------------------------------------------


def regions():
    usd = RegionFactory(id=USD_REGION, name="Pricing Region USD", currency=currency("usd"), tax_rate=0)
    dkk = RegionFactory(id=DKK_REGION, name="Pricing Region DKK", currency=currency("dkk"), tax_rate=25)
    return usd, dkk


def pricing_product(product_id: str, variant_id: str, number: int, prices: list[tuple]):
    """v1's store: product `pricing product pricing-product-<run>-<n>` with one option valued `one` on its one
    variant `pv` (100 in stock); `prices` as (currency, amount[, region, min, max])."""
    handle = f"pricing-product-{RUN}-{number}"
    product = ProductFactory(id=product_id, title=f"pricing product {handle}", handle=handle, status="draft")
    variant = ProductVariantFactory(id=variant_id, title="pv", product=product, inventory_quantity=100)
    option = ProductOption.objects.create(product=product, title="option")
    ProductOptionValue.objects.create(option=option, variant=variant, value="one")
    for currency_code, amount, *rest in prices:
        region, min_quantity, max_quantity = (*rest, None, None, None)[:3]
        MoneyAmount.objects.create(
            variant=variant, currency_id=currency_code, amount=amount, region_id=region,
            min_quantity=min_quantity, max_quantity=max_quantity,
        )  # fmt: skip
    return variant


def account(customer_id: str, first_name: str, number: int) -> str:
    email = f"{first_name}-{RUN}-{number}@pricing.test"
    CustomerFactory(id=customer_id, email=email, first_name=first_name, last_name="acc", has_account=True)
    return customer_id


# --- scenarios -----------------------------------------------------------------------------------------------


def test_customer_groups(replay):
    # given: two accounts to add and a third whose groups are set
    account("cus_01M8ZQMKRD62MEXB468CTD9HF2", "ann", 1)
    account("cus_01M8ZQMKRS7V0KF2MCKV6HRQ8F", "bob", 2)
    account("cus_01M8ZQMKVHH8QXG4ZJXBY5YT3P", "carl", 5)
    # when / then
    for prefix in ("01", "02", "03", "04", "05", "06", "07"):
        replay(prefix)
    # v1 answers 500 without `customer_ids` (departure "pricing input refusals")
    replay("08", patch=departure(400, {"type": "invalid_data", "message": "customer_ids must be an array"}))
    replay("09")
    replay("10")


def test_a_price_lists_life(replay):
    # given: v1's product of files 11-18 (its own price does not show)
    pricing_product("prod_01M8ZQMKWK9M9Z5E3VR25YADCT", "variant_01M8ZQMKX2FPCB482FN3VY2NV0", 6, [("usd", 1000)])
    # when / then: create (a draft), activate, edit a price by id, batch override, batch delete, delete
    for prefix in ("11", "13", "15", "16", "17", "18"):
        replay(prefix)


def test_price_list_prices_for_a_region_and_refusals(replay):
    # given
    regions()
    pricing_product("prod_01M8ZQMM9FVRX35WWCZ0639RA9", "variant_01M8ZQMM9ZMXXAC68Y974JT7G2", 10, [("usd", 1000)])
    pricing_product("prod_01M8ZQMKWK9M9Z5E3VR25YADCT", "variant_01M8ZQMKX2FPCB482FN3VY2NV0", 6, [("usd", 1000)])
    # when / then
    for prefix in ("19", "20", "21", "22", "23", "24", "25", "26", "27", "28"):
        replay(prefix)
    # v1 answers 500 to these two (departure "pricing input refusals"): 400 and 404 naming the value
    replay("29", patch=departure(400, {"type": "invalid_data", "message": "starts_at must be a Date instance"}))
    replay("30", patch=departure(404, {"type": "not_found", "message": "Region with nope was not found"}))
    replay("31")


def test_variants_priced_as_example_a(replay, api):
    # given: worked example A (reference 4.5) with v1's names
    regions()
    variant = pricing_product(
        "prod_01M8ZQMMG02H147HNPNGEWGPBD",
        "variant_01M8ZQMMGBFYVQR4136HFVQPG3",
        16,
        [("usd", 1000), ("usd", 900, None, 3, 5), ("usd", 800, None, 6)],
    )
    vip = account("cus_01M8ZQMMES0MGCG32EAVA384HW", "vip", 15)
    group = api.post("/admin/customer-groups", {"name": f"VIP-{RUN}-14"}, format="json").json()["customer_group"]
    api.post(f"/admin/customer-groups/{group['id']}/customers/batch", {"customer_ids": [{"id": vip}]}, format="json")

    def price_list(number, list_type, prices, **fields):
        body = {"name": f"{list_type} list-{RUN}-{number}", "description": "acceptance", "type": list_type}
        body.update(status="active", prices=[{"variant_id": variant.id, "currency_code": "usd", **p} for p in prices])
        assert api.post("/admin/price-lists", {**body, **fields}, format="json").status_code == 200

    price_list(17, "sale", [{"amount": 950}])
    price_list(18, "override", [{"amount": 1200}])
    price_list(
        19, "override", [{"amount": 850}, {"amount": 600, "min_quantity": 10}], customer_groups=[{"id": group["id"]}]
    )
    price_list(20, "sale", [{"amount": 100}], status="draft")
    price_list(21, "sale", [{"amount": 200}], starts_at="2999-01-01")
    price_list(22, "sale", [{"amount": 300}], ends_at="2000-01-01")
    # when / then
    replay("32")
    replay("33")


def test_variants_in_a_taxed_region_and_with_a_region_price(replay):
    # given
    regions()
    pricing_product("prod_01M8ZQMMQWJZVJSJAN2EXH8TVE", "variant_01M8ZQMMRB0H3KR3V4EB8A5HMY", 23, [("dkk", 2000)])
    pricing_product(
        "prod_01M8ZQMP2PXW7KEMCCQCK9J8ST",
        "variant_01M8ZQMP340TG7VNA4RQ2MK641",
        34,
        [("usd", 1100, USD_REGION), ("usd", 1000)],
    )
    # when / then
    replay("34")
    replay("49")


def test_tax_rates(replay, api):
    # given
    regions()
    pricing_product("prod_01M8ZQMRGXE99H8F55RREK0JXN", "variant_a", 79, [("dkk", 1000)])
    pricing_product("prod_01M8ZQMRZZM3ZCBZ96J3SNX1M8", "variant_b", 93, [("dkk", 1000)])
    pricing_product("prod_01M8ZQMSANQHSWGJQ8QE8R8THA", "variant_c", 101, [("dkk", 1000)])
    ShippingOptionFactory(id="so_01M8ZQMK7PX2SNTD93Z74FTGBX", region_id=USD_REGION)
    rate = {"code": f"TX-{RUN}-105", "name": f"tax rate-{RUN}-106", "region_id": DKK_REGION, "rate": 12.5}
    made = api.post("/admin/tax-rates", {**rate, "products": ["prod_01M8ZQMSANQHSWGJQ8QE8R8THA"]}, format="json")
    replay.ids["txr_01M8ZQMSGJ2ARQFZXVS3C2T1NP"] = made.json()["tax_rate"]["id"]
    # when / then
    for prefix in ("69", "72", "78", "79", "80", "81", "82", "83", "84", "85"):
        replay(prefix)
    # v1 rolls the rate back and names it instead of the product (departure "pricing input refusals")
    replay("86", patch=departure(404, {"type": "not_found", "message": "Product with id: nope was not found"}))


def test_regions_shipping_options_store_and_sales_channel(replay):
    # given
    regions()
    no_auto_tax = RegionFactory(
        id="reg_01M8ZQEZEGX4VM3C45XXTJ4FCC",
        name="Pricing Region No Auto Tax",
        currency=currency("dkk"),
        tax_rate=25,
        automatic_taxes=False,
        countries=["no"],
    )
    ShippingOptionFactory(id="so_01M8ZQMK988SFA2T00PW9WH65F", region_id=DKK_REGION)
    replay.ids["sc_01M8ZPTD5S0ERG1R11WSY5A5G0"] = SalesChannel.objects.get(is_default=True).id

    def our_store(expected: dict) -> None:
        # the project's flags are what it does (config/features.py), it has no plug-in modules, and its
        # currencies are the default one and its regions' (usd, dkk); its payment providers include `system`
        store = expected["data"]["store"]
        store["feature_flags"] = [{"key": key, "value": value} for key, value in FEATURE_FLAGS.items()]
        store["modules"] = []
        store["currencies"] = [currency for currency in store["currencies"] if currency["code"] != "eur"]
        store["payment_providers"] = [*store["payment_providers"], {"id": "system", "is_installed": True}]

    # when / then
    replay("74")
    assert no_auto_tax.automatic_taxes is False
    replay.ids["store_01M8ZPTD1ZKHY3TM6C49KMKM9W"] = replay.api.get("/admin/store").json()["store"]["id"]
    replay("89", patch=our_store)
    for prefix in ("90", "91", "92", "93"):
        replay(prefix)
