"""ETag, If-Match and If-None-Match on draft orders and orders (departure "conditional requests"): the later of
two edits made from the same read is refused instead of silently winning."""

import pytest

from carts.models import LineItem
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_update
from orders.models import Order
from tests.concurrency import at_once
from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
CHANGED = {
    "code": "precondition_failed",
    "type": "not_allowed",
    "message": "The draft order was changed since you read it: its ETag no longer matches If-Match",
}


def etag_of(api, draft_order_id: str) -> str:
    return api.get(f"{URL}/{draft_order_id}")["ETag"]


def a_draft(api) -> dict:
    return create_draft_order(api, t1_body(items=[{"variant_id": "test-variant-2", "quantity": 1}]))


def test_every_answer_with_a_draft_order_carries_its_etag_and_every_change_moves_it(api, seed):
    # given
    created = api.post(URL, t1_body(), format="json")
    draft_order_id = created.json()["draft_order"]["id"]
    line_id = created.json()["draft_order"]["cart"]["items"][0]["id"]

    # when: a read, then each kind of change
    tags = [created["ETag"], etag_of(api, draft_order_id)]
    for response in (
        api.post(f"{URL}/{draft_order_id}", {"metadata": {"a": 1}}, format="json"),
        api.post(
            f"{URL}/{draft_order_id}/line-items", {"title": "Wrap", "unit_price": 300, "quantity": 1}, format="json"
        ),
        api.post(f"{URL}/{draft_order_id}/line-items/{line_id}", {"quantity": 1}, format="json"),
        api.delete(f"{URL}/{draft_order_id}/line-items/{line_id}"),
    ):
        assert response.status_code == 200, response.json()
        tags.append(response["ETag"])

    # then: strong tags; the read repeats the create's; each change gives a new one
    assert tags == ['"1"', '"1"', '"2"', '"3"', '"4"', '"5"']
    assert etag_of(api, draft_order_id) == '"5"'


def test_a_write_with_a_stale_if_match_is_refused_with_412_and_changes_nothing(api, seed):
    # given: two staff members read the draft; the first changes it
    draft_order = a_draft(api)
    read = etag_of(api, draft_order["id"])
    first = api.post(f"{URL}/{draft_order['id']}", {"metadata": {"by": "first"}}, format="json", HTTP_IF_MATCH=read)
    before, body_before = row_counts(), draft_order_body(api, draft_order["id"])

    # when: the second writes from the same read
    second = api.post(f"{URL}/{draft_order['id']}", {"metadata": {"by": "second"}}, format="json", HTTP_IF_MATCH=read)

    # then
    assert first.status_code == 200
    assert (second.status_code, second.json()) == (412, CHANGED)
    assert row_counts() == before
    assert draft_order_body(api, draft_order["id"]) == body_before
    assert body_before["draft_order"]["metadata"] == {"by": "first"}


@pytest.mark.parametrize(
    "write",
    ["update", "add", "update-line", "delete-line", "pay", "delete"],
)
def test_every_write_checks_if_match(api, seed, write):
    # given: a draft changed since the ETag was read
    draft_order = a_draft(api)
    url = f"{URL}/{draft_order['id']}"
    stale = etag_of(api, draft_order["id"])
    api.post(url, {"metadata": {"changed": True}}, format="json")
    line_id = LineItem.objects.get(cart__draft_order=draft_order["id"]).id
    before = row_counts()
    requests = {
        "update": lambda: api.post(url, {"email": "x@example.com"}, format="json", HTTP_IF_MATCH=stale),
        "add": lambda: api.post(f"{url}/line-items", {"quantity": 1, "title": "x"}, format="json", HTTP_IF_MATCH=stale),
        "update-line": lambda: api.post(
            f"{url}/line-items/{line_id}", {"quantity": 2}, format="json", HTTP_IF_MATCH=stale
        ),
        "delete-line": lambda: api.delete(f"{url}/line-items/{line_id}", HTTP_IF_MATCH=stale),
        "pay": lambda: api.post(f"{url}/pay", {}, format="json", HTTP_IF_MATCH=stale),
        "delete": lambda: api.delete(url, HTTP_IF_MATCH=stale),
    }

    # when
    response = requests[write]()

    # then
    assert (response.status_code, response.json()) == (412, CHANGED)
    assert row_counts() == before
    assert DraftOrder.objects.get(pk=draft_order["id"]).status == "open"


@pytest.mark.parametrize("header", ['"2"', "*", None, '"9", "2"'], ids=["current", "star", "absent", "one-of-several"])
def test_a_current_any_or_absent_if_match_lets_the_write_through(api, seed, header):
    # given: a draft at version 2
    draft_order = a_draft(api)
    api.post(f"{URL}/{draft_order['id']}", {"metadata": {"a": 1}}, format="json")
    extra = {} if header is None else {"HTTP_IF_MATCH": header}

    # when
    response = api.post(f"{URL}/{draft_order['id']}", {"metadata": {"b": 2}}, format="json", **extra)

    # then
    assert (response.status_code, response["ETag"]) == (200, '"3"')


@pytest.mark.parametrize("header", ['W/"1"', "garbage", '"x"'])
def test_a_weak_or_foreign_if_match_never_matches(api, seed, header):
    # given
    draft_order = a_draft(api)
    # when
    response = api.post(f"{URL}/{draft_order['id']}", {"metadata": {"a": 1}}, format="json", HTTP_IF_MATCH=header)
    # then
    assert (response.status_code, response.json()) == (412, CHANGED)


def test_a_read_with_the_current_etag_in_if_none_match_is_304_without_a_body(api, seed):
    # given
    draft_order = a_draft(api)
    etag = etag_of(api, draft_order["id"])

    # when
    unchanged = api.get(f"{URL}/{draft_order['id']}", HTTP_IF_NONE_MATCH=etag)
    api.post(f"{URL}/{draft_order['id']}", {"metadata": {"a": 1}}, format="json")
    changed = api.get(f"{URL}/{draft_order['id']}", HTTP_IF_NONE_MATCH=etag)

    # then
    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", etag)
    assert (changed.status_code, changed["ETag"]) == (200, '"2"')
    assert changed.json()["draft_order"]["metadata"] == {"a": 1}


def test_an_order_carries_an_etag_and_answers_304_while_unchanged(api, seed):
    # given
    draft_order = a_draft(api)
    paid = api.post(f"{URL}/{draft_order['id']}/pay", {}, format="json")
    order_id = paid.json()["order"]["id"]

    # when
    first = api.get(f"/admin/orders/{order_id}")
    again = api.get(f"/admin/orders/{order_id}", HTTP_IF_NONE_MATCH=first["ETag"])
    Order.objects.filter(pk=order_id).update(email="changed@example.com")
    after_change = api.get(f"/admin/orders/{order_id}", HTTP_IF_NONE_MATCH=first["ETag"])

    # then
    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert (again.status_code, again.content) == (304, b"")
    assert after_change.status_code == 200 and after_change["ETag"] != first["ETag"]


def test_v1_clients_sending_no_conditional_headers_see_no_difference_but_the_etag_header(api, seed):
    # given
    draft_order = a_draft(api)
    # when
    response = api.get(f"{URL}/{draft_order['id']}")
    # then: the body has no version
    assert "version" not in response.json()["draft_order"]
    assert response["ETag"] == '"1"'


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_updates_from_one_read_make_one_change(seed):
    # given: two writers that read the same version
    version = DraftOrder.objects.get(pk="test-draft-order").version

    # when
    outcomes = at_once(
        [
            lambda by=by: (
                draft_order_update(
                    draft_order_id="test-draft-order", metadata={"by": by}, expected_versions=frozenset({version})
                ).draft_order
                and by
            )
            for by in ("first", "second")
        ]
    )

    # then: one changed it, the other was refused
    (winner,) = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert [outcome for outcome in outcomes if not isinstance(outcome, str)] == [
        {"type": CHANGED["type"], "message": CHANGED["message"]}
    ]
    draft_order = DraftOrder.objects.get(pk="test-draft-order")
    assert (draft_order.version, draft_order.metadata) == (version + 1, {"by": winner})
