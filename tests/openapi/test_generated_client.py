"""A client generated from the live schema with openapi-python-client works against a running server.

The generator runs offline in a temporary folder (no formatting hooks) once per module; the test then drives a
draft order from login to the paid order with nothing but the generated functions and models, whose parsers
fail on any response key or type the schema does not describe.
"""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import UserFactory

PACKAGE = "medusa_admin_client"
CONFIG = f"project_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\npost_hooks: []\n"


pytestmark = pytest.mark.generated_client


def generator_command(schema_path: Path, config_path: Path) -> list[str]:
    cli = Path(sys.executable).with_name("openapi-python-client")
    executable = str(cli) if cli.exists() else shutil.which("openapi-python-client")
    return [executable, "generate", "--path", str(schema_path), "--config", str(config_path), "--meta", "none"]


@pytest.fixture(scope="module")
def medusa_client(tmp_path_factory, live_schema):
    workdir = tmp_path_factory.mktemp("generated_client")
    schema_path, config_path = workdir / "schema.json", workdir / "config.yml"
    schema_path.write_text(json.dumps(live_schema))
    config_path.write_text(CONFIG)
    result = subprocess.run(
        generator_command(schema_path, config_path), cwd=workdir, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "Error" not in output, output  # every part of the schema was understood
    sys.path.insert(0, str(workdir))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(workdir))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def api(client_package, module: str):
    return importlib.import_module(f"{client_package.__name__}.api.{module}")


def models(client_package):
    return importlib.import_module(f"{client_package.__name__}.models")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generated_client_logs_in_and_takes_a_draft_order_to_a_paid_order(medusa_client, live_server):
    # given
    m = models(medusa_client)
    UserFactory(email="admin@medusa.js")
    anonymous = medusa_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    post_token = api(medusa_client, "auth.post_token")

    # when: log in for a bearer token
    credentials = m.AdminPostAuthReq(email="admin@medusa.js", password="secret_password")
    login = post_token.sync(client=anonymous, body=credentials)
    # then
    assert isinstance(login, m.AdminBearerAuthRes)
    client = medusa_client.AuthenticatedClient(
        base_url=live_server.url, token=login.access_token, raise_on_unexpected_status=True
    )

    # when: a region, a product with one variant priced in its currency, and a shipping option
    region = api(medusa_client, "regions.post_regions").sync(
        client=client,
        body=m.AdminPostRegionsReq(
            name="North America",
            currency_code="usd",
            tax_rate=0,
            payment_providers=["manual"],
            fulfillment_providers=["manual"],
            countries=["us"],
        ),
    )
    product = api(medusa_client, "products.post_products").sync(
        client=client,
        body=m.AdminPostProductsReq.from_dict(
            {
                "title": "Medusa Sweater",
                "options": [{"title": "Size"}],
                "variants": [
                    {
                        "title": "S",
                        "inventory_quantity": 10,
                        "prices": [{"currency_code": "usd", "amount": 8000}],
                        "options": [{"value": "S"}],
                    }
                ],
            }
        ),
    )
    option = api(medusa_client, "shipping_options.post_shipping_options").sync(
        client=client,
        body=m.AdminPostShippingOptionsReq.from_dict(
            {
                "name": "Standard",
                "region_id": region.region.id,
                "provider_id": "manual",
                "data": {},
                "price_type": "flat_rate",
                "amount": 1000,
            }
        ),
    )
    # then
    assert isinstance(region, m.AdminRegionsRes)
    assert isinstance(product, m.AdminProductsRes)
    assert isinstance(option, m.AdminShippingOptionsRes)
    variant_id = product.product.variants[0].id

    # when: a draft order, then a line item added to it
    created = api(medusa_client, "draft_orders.post_draft_orders").sync(
        client=client,
        body=m.AdminPostDraftOrdersReq.from_dict(
            {
                "email": "oli@test.dk",
                "region_id": region.region.id,
                "shipping_methods": [{"option_id": option.shipping_option.id}],
            }
        ),
    )
    draft_order_id = created.draft_order.id
    with_item = api(medusa_client, "draft_orders.post_draft_orders_draft_order_line_items").sync(
        draft_order_id,
        client=client,
        body=m.AdminPostDraftOrdersDraftOrderLineItemsReq(variant_id=variant_id, quantity=2),
    )
    # then
    assert isinstance(created, m.AdminDraftOrdersRes)
    assert created.draft_order.status == m.DraftOrderStatusEnum.OPEN
    cart = with_item.draft_order.cart
    assert [(item.variant_id, item.quantity, item.unit_price) for item in cart.items] == [(variant_id, 2, 8000)]
    assert (cart.subtotal, cart.shipping_total, cart.total) == (16000, 1000, 17000)

    # when: Mark Paid, then read the order it made
    paid = api(medusa_client, "draft_orders.post_draft_orders_draft_order_register_payment").sync(
        draft_order_id, client=client
    )
    order = api(medusa_client, "orders.get_orders_order").sync(paid.order.id, client=client)
    # then
    assert isinstance(paid, m.AdminPostDraftOrdersDraftOrderRegisterPaymentRes)
    assert isinstance(order, m.AdminOrdersRes)
    assert order.order.id == paid.order.id
    assert order.order.email == "oli@test.dk"
    assert order.order.total == 17000
    assert order.order.payment_status == m.PaymentStatusEnum.CAPTURED
    assert [item.quantity for item in order.order.items] == [2]
    draft = api(medusa_client, "draft_orders.get_draft_orders_draft_order").sync(draft_order_id, client=client)
    assert draft.draft_order.status == m.DraftOrderStatusEnum.COMPLETED
    assert draft.draft_order.order_id == paid.order.id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generated_client_parses_errors_as_the_error_schema(medusa_client, live_server):
    # given
    m = models(medusa_client)
    anonymous = medusa_client.Client(base_url=live_server.url)
    # when: no credentials, then wrong ones
    unauthorized = api(medusa_client, "draft_orders.get_draft_orders").sync_detailed(client=anonymous)
    refused = api(medusa_client, "auth.post_token").sync_detailed(
        client=anonymous, body=m.AdminPostAuthReq(email="nobody@medusa.js", password="wrong")
    )
    # then
    assert unauthorized.status_code == 401
    assert isinstance(unauthorized.parsed, m.ResponseError)
    assert unauthorized.parsed.type_ == m.ResponseErrorType.UNAUTHORIZED
    assert refused.status_code == 401
    assert refused.parsed.message == "Unauthorized"
