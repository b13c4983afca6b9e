"""Medusa v1's integration-test data (reference "v1 fixture": draft-order-seeder + admin-seeder), built with
factories, and the request bodies its tests send. The `seed` and `tax_region` fixtures (tests/conftest.py) build
it for a test."""

from types import SimpleNamespace

from carts.models import Cart, LineItem
from draft_orders.models import DraftOrder, DraftOrderDisplayId
from tests.factories import (
    AddressFactory,
    CustomerFactory,
    DiscountFactory,
    DiscountRuleFactory,
    ProductFactory,
    ProductVariantFactory,
    RegionFactory,
    ShippingOptionFactory,
    ShippingOptionRequirementFactory,
    country,
    currency,
)


def v1_seed() -> SimpleNamespace:
    """The regions, products, discounts, customers, shipping options and seeded draft order v1's tests use."""
    region = RegionFactory(id="test-region", name="Test Region", tax_rate=0, countries=["us"])
    region_2 = RegionFactory(id="test-region-2", name="Test Region 2", currency=currency("eur"), countries=["de"])
    product = ProductFactory(id="test-product", title="test product")
    variant_without_prices = ProductVariantFactory(
        id="test-variant-without-prices", title="test variant without prices", product=product, inventory_quantity=1
    )
    variant = ProductVariantFactory(
        id="test-variant", title="test variant", product=product, inventory_quantity=2, prices=[("usd", 8000)]
    )
    product_2 = ProductFactory(id="test-product-2", title="test product 2")
    variant_2 = ProductVariantFactory(
        id="test-variant-2", title="test variant-2", product=product_2, inventory_quantity=4, prices=[("usd", 10000)]
    )
    address = AddressFactory(id="oli-shipping", first_name="oli", last_name="test", country=country("us"))
    percentage = DiscountRuleFactory(
        id="discount_rule_id", type="percentage", value=10, allocation="total", description="test description"
    )
    free_rule = DiscountRuleFactory(id="free-shipping-rule", type="free_shipping", value=100, allocation="total")
    discount = DiscountFactory(id="test-discount", code="TEST", rule=percentage, regions=[region])
    free_shipping = DiscountFactory(id="free-shipping-discount", code="FREE-SHIPPING", rule=free_rule, regions=[region])
    oli = CustomerFactory(id="oli-test", email="oli@test.dk")
    lebron = CustomerFactory(id="lebron-james", email="lebron@james.com")
    option = ShippingOptionFactory(id="test-option", name="test-option", region=region, amount=1000)
    option_req = ShippingOptionFactory(id="test-option-req", name="test-option-req", region=region, amount=1000)
    ShippingOptionRequirementFactory(id="option-req", shipping_option=option_req, type="min_subtotal", amount=10)
    cart = Cart.objects.create(
        id="test-cart",
        customer=oli,
        email="oli@test.dk",
        shipping_address=address,
        region=region,
        type=Cart.Type.DRAFT_ORDER,
        metadata={"draft_order_id": "test-draft-order"},
    )
    item = LineItem.objects.create(
        id="test-item",
        cart=cart,
        title="Line Item",
        description="Line Item Desc",
        thumbnail="https://test.js/1234",
        unit_price=8000,
        quantity=1,
        fulfilled_quantity=1,
        variant=variant,
    )
    # v1 ignores the fixture's display_id: 4; the sequence assigns it
    draft_order = DraftOrder.objects.create(
        id="test-draft-order", status="open", cart=cart, display_id=DraftOrderDisplayId.next_value()
    )
    return SimpleNamespace(**locals())


def t1_body(**changes) -> dict:
    """The base request of v1's POST tests (reference "observed probes")."""
    body = {
        "email": "oli@test.dk",
        "shipping_address": "oli-shipping",
        "items": [{"variant_id": "test-variant", "quantity": 2, "metadata": {}}],
        "region_id": "test-region",
        "customer_id": "oli-test",
        "shipping_methods": [{"option_id": "test-option"}],
    }
    body.update(changes)
    return body


def tax_region_seed() -> SimpleNamespace:
    """Reference "the 25 % tax region" (observed p13–p19, p23): usd at 25 %, one country (dk), a 1000 flat option
    `tax-option`, and the discounts the probes apply."""
    region = RegionFactory(id="tax-region", name="Tax Region", tax_rate=25, countries=["dk"])
    ShippingOptionFactory(id="tax-option", name="tax-option", region=region, amount=1000)

    def discount(code, **rule):
        return DiscountFactory(code=code, rule=DiscountRuleFactory(**rule), regions=[region])

    return SimpleNamespace(
        region=region,
        tax10=discount("TAX10", type="percentage", value=10, allocation="total"),
        tax20=discount("TAX20", type="percentage", value=20, allocation="total"),
        fixitem=discount("FIXITEM", type="fixed", value=150, allocation="item"),
        fixtot=discount("FIXTOT", type="fixed", value=1000, allocation="total"),
        bigfix=discount("BIGFIX", type="fixed", value=100000, allocation="total"),
        freeship=discount("FREESHIP", type="free_shipping", value=100, allocation="total"),
    )


def tax_body(*, items, discounts, shipping_methods=({"option_id": "tax-option"},)) -> dict:
    """A create body in the tax region for oli-test; `discounts` are codes."""
    return {
        "email": "oli@test.dk",
        "customer_id": "oli-test",
        "region_id": "tax-region",
        "items": items,
        "discounts": [{"code": code} for code in discounts],
        "shipping_methods": list(shipping_methods),
    }
