"""make bench's seed: its bulk copies answer exactly as the drafts the service made, and ids go on after them."""

import pytest

from draft_orders.management.commands.seed_bench import TEMPLATES, seed
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create
from scripts.bench.load import percentile, pools, scenarios

DIFFERS_PER_DRAFT = {"id", "created_at", "updated_at", "display_id", "cart_id", "email", "customer_id", "item_id"}
DIFFERS_PER_DRAFT |= {"customer", "shipping_address_id", "shipping_method_id", "draft_order_id", "cart"}


def comparable(value):
    """The body without what is each draft's own: ids, timestamps, emails, the display id."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key not in DIFFERS_PER_DRAFT}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


@pytest.mark.django_db
def test_a_seeded_draft_answers_as_the_service_made_template(api):
    # given
    seeded = seed(TEMPLATES + 1)
    template = DraftOrder.objects.filter(cart__email="template0@bench.example.com").get()
    # when
    copy_body = api.get(f"/admin/draft-orders/{seeded['draft_ids'][0]}").json()["draft_order"]
    template_body = api.get(f"/admin/draft-orders/{template.id}").json()["draft_order"]
    # then
    assert comparable(copy_body) == comparable(template_body)
    assert comparable(copy_body["cart"]) == comparable(template_body["cart"])
    assert copy_body["cart"]["total"] == template_body["cart"]["total"] > 0
    assert copy_body["cart"]["discount_total"] == template_body["cart"]["discount_total"] > 0
    assert copy_body["cart"]["email"] == "customer00000@bench.example.com"
    assert copy_body["cart"]["id"] != template_body["cart"]["id"]
    assert len(copy_body["cart"]["items"]) == 3
    assert DraftOrder.objects.count() == 2 * TEMPLATES + 1


@pytest.mark.django_db
def test_drafts_created_after_the_seed_take_the_next_display_ids():
    # given
    seeded = seed(3)
    body = seeded["create_body"]
    highest = max(DraftOrder.objects.values_list("display_id", flat=True))
    # when
    created = draft_order_create(
        email="after@example.com", region_id=body["region_id"], shipping_methods=[]
    ).draft_order
    # then
    assert created.display_id > highest
    assert DraftOrder.objects.filter(display_id=created.display_id).count() == 1


@pytest.mark.django_db
def test_every_seeded_draft_can_be_paid(api):
    # given: the mark_paid scenario pays drafts one after the other, each taking its stock
    seeded = seed(TEMPLATES + 40)

    # when
    statuses = {
        api.post(f"/admin/draft-orders/{draft_id}/pay", {}, format="json").status_code
        for draft_id in seeded["draft_ids"]
    }

    # then
    assert statuses == {200}


def test_each_changing_scenario_has_its_own_drafts_and_stops_when_they_run_out():
    # given
    seed = {"draft_ids": [f"dorder_{n}" for n in range(8)], "create_body": {}, "added_variant_id": "v", "token": ""}
    # when
    shares = pools(seed["draft_ids"])
    requests = scenarios({**seed, "q_prefix": "customer"})
    # then
    assert shares == {
        "retrieve": ["dorder_0", "dorder_1", "dorder_2", "dorder_3"],
        "add_line": ["dorder_4", "dorder_5"],
        "mark_paid": ["dorder_6", "dorder_7"],
    }
    assert requests["mark_paid"](1) == ("POST", "/admin/draft-orders/dorder_7/pay", None)
    assert requests["mark_paid"](2) is None
    assert requests["add_line"](0) == (
        "POST",
        "/admin/draft-orders/dorder_4/line-items",
        {"variant_id": "v", "quantity": 1},
    )
    assert requests["list_q"](1234) == ("GET", "/admin/draft-orders?q=customer0234&limit=50", None)


def test_percentiles_are_nearest_rank():
    # given
    values = [float(n) for n in range(1, 101)]
    # then
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (50.0, 95.0, 99.0)
    assert percentile([], 0.5) == 0.0
