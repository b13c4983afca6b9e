"""Notes and tags on draft orders (issue 18 §4, addition "notes and tags"): create and update take them, draft
orders answer them, the list filters by tag, and Mark Paid copies them to the order."""

import pytest

from draft_orders.models import DraftOrder, DraftOrderTag
from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.draft_orders.test_queries import LIST_BUDGET
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"


def post(api, path: str, body: dict):
    return api.post(f"{URL}{path}", body, format="json")


def ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


def listed_ids(api, query: str) -> set[str]:
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 200, response.json()
    return {draft_order["id"] for draft_order in response.json()["draft_orders"]}


def test_create_takes_a_note_and_tags_trimmed_and_once_whatever_their_case(api, seed):
    # when
    draft_order = create_draft_order(
        api, t1_body(note="Call back after 5pm", tags=["  VIP ", "phone", "vip", "Phone", "wholesale"])
    )
    # then
    assert (draft_order["note"], draft_order["tags"]) == ("Call back after 5pm", ["VIP", "phone", "wholesale"])
    assert draft_order_body(api, draft_order["id"])["draft_order"]["tags"] == ["VIP", "phone", "wholesale"]


def test_a_draft_without_them_answers_null_and_an_empty_list(api, seed):
    draft_order = create_draft_order(api, t1_body())
    assert (draft_order["note"], draft_order["tags"]) == (None, [])
    assert ok(api.get(f"{URL}/test-draft-order"))["tags"] == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"note": "x" * 5001}, "note must be shorter than or equal to 5000 characters"),
        ({"note": 5}, "note must be a string"),
        ({"tags": "vip"}, "tags must be an array"),
        ({"tags": ["vip", 5]}, "each value in tags must be a string"),
        ({"tags": ["   "]}, "each value in tags must be 1 to 40 characters long once trimmed"),
        ({"tags": ["x" * 41]}, "each value in tags must be 1 to 40 characters long once trimmed"),
        ({"tags": [f"tag {n}" for n in range(51)]}, "tags must contain no more than 50 elements"),
    ],
)
def test_bad_notes_and_tags_are_refused_and_nothing_is_made(api, seed, changes, message):
    # given
    before = row_counts()
    # when
    response = post(api, "", t1_body(**changes))
    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})
    assert row_counts() == before


def test_fifty_tags_of_forty_characters_are_taken(api, seed):
    tags = [f"{n:02d}".ljust(40, "x") for n in range(50)]
    assert create_draft_order(api, t1_body(tags=tags))["tags"] == tags


def test_update_replaces_the_tags_and_null_clears_the_note(api, seed):
    # when
    draft_order = ok(post(api, "/test-draft-order", {"note": "first note", "tags": ["a", "b"]}))
    assert (draft_order["note"], draft_order["tags"]) == ("first note", ["a", "b"])
    # when: a change that names neither keeps both
    draft_order = ok(post(api, "/test-draft-order", {"metadata": {"x": 1}}))
    assert (draft_order["note"], draft_order["tags"]) == ("first note", ["a", "b"])
    # when
    draft_order = ok(post(api, "/test-draft-order", {"note": None, "tags": ["B", "c"]}))
    # then
    assert (draft_order["note"], draft_order["tags"]) == (None, ["B", "c"])
    # when: an empty list removes them all
    assert ok(post(api, "/test-draft-order", {"tags": []}))["tags"] == []
    assert not DraftOrderTag.objects.exists()


def test_a_refused_update_leaves_the_tags(api, seed):
    ok(post(api, "/test-draft-order", {"tags": ["a"]}))
    response = post(api, "/test-draft-order", {"tags": ["b"], "region_id": "no-such-region"})
    assert response.status_code == 404
    assert ok(api.get(f"{URL}/test-draft-order"))["tags"] == ["a"]


def test_the_list_finds_drafts_carrying_any_of_the_tags_in_any_case(api, seed):
    # given
    vip = create_draft_order(api, t1_body(tags=["VIP"]))["id"]
    phone = create_draft_order(api, t1_body(tags=["phone", "rush"]))["id"]
    create_draft_order(api, t1_body(tags=["other"]))
    # then
    assert listed_ids(api, "tags[]=vip&tags[]=phone") == {vip, phone}
    assert listed_ids(api, "tags[]=RUSH") == {phone}
    assert listed_ids(api, "tags=vip") == {vip}
    assert listed_ids(api, "tags[]=nobody") == set()
    entries = api.get(f"{URL}?tags[]=vip").json()["draft_orders"]
    assert [(entry["tags"], entry["note"]) for entry in entries] == [(["VIP"], None)]


def test_the_tag_filter_combines_with_the_others(api, seed):
    # given
    open_vip = create_draft_order(api, t1_body(tags=["vip"], email="anna@example.com", customer_id=None))["id"]
    paid_vip = create_draft_order(api, t1_body(tags=["vip"], email="anna@example.com", customer_id=None))["id"]
    assert api.post(f"{URL}/{paid_vip}/pay").status_code == 200
    create_draft_order(api, t1_body(tags=["other"], email="anna@example.com", customer_id=None))
    # then
    assert listed_ids(api, "tags[]=vip&status[]=open") == {open_vip}
    assert listed_ids(api, "tags[]=vip&q=anna") == {open_vip, paid_vip}
    response = api.get(f"{URL}?tags[]=vip&limit=1")
    assert response.json()["count"] == 2


def test_mark_paid_copies_the_note_and_tags_to_the_order(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(note="leave at the door", tags=["vip", "phone"]))
    # when
    paid = api.post(f"{URL}/{draft_order['id']}/pay")
    # then
    assert paid.status_code == 200
    order = api.get(f"/admin/orders/{paid.json()['order']['id']}").json()["order"]
    assert (order["note"], order["tags"]) == ("leave at the door", ["vip", "phone"])
    # the draft keeps them
    assert DraftOrder.objects.get(pk=draft_order["id"]).note == "leave at the door"


def test_listing_by_tag_costs_the_lists_fixed_number_of_queries(api, seed, django_assert_max_num_queries):
    # given: 12 drafts of 5 tags each
    for number in range(12):
        create_draft_order(api, t1_body(tags=[f"batch {number % 3}", *(f"tag {n}" for n in range(4))]))
    # when: filtered by tags, the page and its count are two statements (the ORM's, not the prepared page's)
    with django_assert_max_num_queries(LIST_BUDGET + 1):
        response = api.get(f"{URL}?tags[]=batch 0&tags[]=batch 1&expand=cart,cart.items,order")
    # then
    assert response.status_code == 200
    assert response.json()["count"] == 8
    assert all(len(entry["tags"]) == 5 for entry in response.json()["draft_orders"])
