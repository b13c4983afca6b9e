"""The planned rendering (config.api.render) gives exactly what the serializers' own `.data` gives."""

import json

import pytest

from carts.api.serializers import serializer_context
from carts.services import ItemInput, ShippingMethodInput
from config.api.render import rendered, rendered_many
from draft_orders.api.serializers import DraftOrderSerializer, ListedDraftOrderSerializer
from draft_orders.selectors import draft_order_get, draft_order_info, draft_order_list
from draft_orders.services import draft_order_create, draft_order_mark_paid
from orders.api.serializers import OrderSerializer, PaidOrderSerializer, order_serializer_context
from orders.selectors import order_queryset, orders_info

pytestmark = pytest.mark.django_db


def same(planned, declared) -> None:
    """Equal, keys in the same order, at every depth (as the JSON shows)."""
    assert json.dumps(planned) == json.dumps(declared)


@pytest.fixture
def drafts(seed, tax_region):
    made = [
        draft_order_create(
            email="oli@test.dk",
            customer_id="oli-test",
            region_id="tax-region",
            items=[ItemInput(variant_id="test-variant-2", quantity=2), ItemInput(title="Wrap", quantity=1)],
            shipping_methods=[ShippingMethodInput(option_id="tax-option", price=250)],
            discounts=["FIXTOT"],
        ).draft_order
        for _ in range(2)
    ]
    draft_order_mark_paid(draft_order_id=made[1].id)
    return made


def test_a_full_draft_order_open_or_paid_renders_as_its_serializer(drafts):
    for draft_order_id in [*(draft.id for draft in drafts), "test-draft-order"]:
        # given
        info = draft_order_info(draft_order_get(draft_order_id))
        context = serializer_context(info.cart.computed)
        # when / then
        same(
            rendered(DraftOrderSerializer, info.draft_order, context=context),
            DraftOrderSerializer(info.draft_order, context=context).data,
        )


@pytest.mark.parametrize(
    ("expand", "selected"),
    [
        ({"cart", "cart.items", "order"}, None),
        ({"cart"}, None),
        (set(), ("id", "status")),
        ({"cart", "cart.items", "cart.items.adjustments"}, ("id", "display_id")),
    ],
)
def test_a_list_page_renders_as_its_serializer_whatever_expand_and_fields(drafts, expand, selected):
    # given
    page = list(draft_order_list())
    context = {"expand": expand, "fields": selected}
    # when
    planned = rendered_many(ListedDraftOrderSerializer, page, context=context, variant=(frozenset(expand), selected))
    # then
    same(planned, ListedDraftOrderSerializer(page, many=True, context=context).data)


@pytest.mark.parametrize("serializer", [OrderSerializer, PaidOrderSerializer])
def test_orders_render_as_their_serializers(drafts, serializer):
    # given
    info = orders_info(order_queryset())
    context = order_serializer_context(info)
    # when / then
    same(
        rendered_many(serializer, info.orders, context=context),
        serializer(info.orders, many=True, context=context).data,
    )
