"""Schema examples taken from Medusa v1's own answers to its acceptance tests T1, T16 and T17 (reference
"acceptance tests"), copied into examples/."""

import json
from pathlib import Path

from drf_spectacular.utils import OpenApiExample

_OBSERVED = Path(__file__).with_name("examples")


def _observed(name: str) -> dict:
    return json.loads((_OBSERVED / f"{name}.json").read_text())


# T1's request body; its response is it01_create
CREATE_REQUEST = OpenApiExample(
    "Create with a variant, a discount and a shipping method",
    request_only=True,
    value={
        "email": "oli@test.dk",
        "shipping_address": "oli-shipping",
        "discounts": [{"code": "testytest"}],
        "items": [{"variant_id": "test-variant", "quantity": 2, "metadata": {}}],
        "region_id": "test-region",
        "customer_id": "oli-test",
        "shipping_methods": [{"option_id": "test-option"}],
    },
)
CREATE_RESPONSE = OpenApiExample(
    "Created draft order (v1, T1)", response_only=True, status_codes=["200"], value=_observed("it01_create")
)
LIST_RESPONSE = OpenApiExample(
    "Draft orders (v1, T17)", response_only=True, status_codes=["200"], value=_observed("it17_list")
)
PAY_RESPONSE = OpenApiExample(
    "The order Mark Paid made (v1, T16)", response_only=True, status_codes=["200"], value=_observed("it16_pay")
)
