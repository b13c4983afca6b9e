"""`Idempotency-Key` on POST and DELETE under /admin/ (issue 13, section 1): replay, mismatch, conflict, expiry.

The claim's own concurrency (20 requests at once on PostgreSQL) and a dropped connection against a live server
are in test_concurrency.py.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from carts.models import LineItem
from config.api.authentication import issue_admin_jwt
from config.errors import ErrorType, MedusaError
from draft_orders import services as draft_order_services
from draft_orders.models import DraftOrder
from idempotency.models import IdempotencyKey
from orders.models import Order, Payment, PaymentSession
from tests.factories import UserFactory
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

SEED = "test-draft-order"
KEY = "7c1d6e84-4a8e-4f3a-9a57-2b1f0d1c9e10"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
CONFLICT = {
    "code": "invalid_state_error",
    "type": "conflict",
    "message": "The request conflicted with another request. You may retry the request with the provided "
    "Idempotency-Key.",
}


def create(client, body=None, key=KEY):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post("/admin/draft-orders", t1_body() if body is None else body, format="json", headers=headers)


def mismatch(key: str, method: str, path: str) -> dict:
    return {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": f"Idempotency-Key {key} was already used for a different request ({method} {path})",
    }


def assert_replayed(replay, original) -> None:
    """The stored answer again, byte for byte, marked as a replay."""
    assert replay["Idempotent-Replayed"] == "true"
    assert (replay.status_code, replay["Content-Type"], replay.content) == (
        original.status_code,
        original["Content-Type"],
        original.content,
    )


def stored_key(key=KEY) -> IdempotencyKey:
    return IdempotencyKey.objects.get(key=key)


# --- the first request and its replay --------------------------------------------------------------------------


def test_the_first_request_runs_answers_as_without_a_key_and_stores_its_answer(api, seed, staff_user):
    # when
    response = create(api)

    # then
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    draft_order = response.json()["draft_order"]
    assert DraftOrder.objects.filter(pk=draft_order["id"]).exists()
    key = stored_key()
    assert (key.state, key.user_id, key.request_method, key.request_path) == (
        "done",
        staff_user.pk,
        "POST",
        "/admin/draft-orders",
    )
    assert (key.response_status, key.response_headers, bytes(key.response_body)) == (
        200,
        {"Content-Type": "application/json", "ETag": response["ETag"]},
        response.content,
    )


def test_a_retry_gets_the_stored_answer_byte_for_byte_and_nothing_runs(api, seed, django_assert_max_num_queries):
    # given: the first answer, then the draft changes
    first = create(api)
    draft_order_id = first.json()["draft_order"]["id"]
    api.post(f"/admin/draft-orders/{draft_order_id}", {"email": "changed@test.dk"}, format="json")
    drafts = DraftOrder.objects.count()

    # when: the credential, the key and a stored row, nothing else
    with django_assert_max_num_queries(6):
        replay = create(api)

    # then: the first answer (the old email), no second draft
    assert_replayed(replay, first)
    assert replay.json()["draft_order"]["cart"]["email"] == "oli@test.dk"
    assert DraftOrder.objects.count() == drafts


def test_a_retry_whose_json_differs_only_in_spacing_and_key_order_is_the_same_request(api, seed):
    # given
    first = create(api)
    reordered = json.dumps(dict(reversed(t1_body().items())), indent=4)

    # when
    replay = api.post(
        "/admin/draft-orders", reordered, content_type="application/json", headers={"Idempotency-Key": KEY}
    )

    # then
    assert_replayed(replay, first)


@pytest.mark.parametrize("credential", ["jwt", "session"])
def test_the_key_belongs_to_the_user_whatever_credential_the_retry_carries(api, seed, staff_user, credential):
    # given: the first request with the API token
    first = create(api)
    retrying = APIClient()
    if credential == "jwt":
        retrying.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_admin_jwt(staff_user)}")
    else:
        retrying.force_login(staff_user)

    # when
    replay = create(retrying)

    # then
    assert_replayed(replay, first)
    assert DraftOrder.objects.count() == 2


def test_another_user_with_the_same_key_makes_their_own_draft_order(api, seed):
    # given
    create(api)
    other = APIClient()
    other.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=UserFactory(api_token="other_token").api_token)

    # when
    response = create(other)

    # then
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    assert DraftOrder.objects.count() == 3
    assert IdempotencyKey.objects.filter(key=KEY).count() == 2


# --- every write, and what it must not do twice -----------------------------------------------------------------


def test_mark_paid_retried_after_its_answer_was_lost_returns_the_order_it_made(api, seed):
    # given: Mark Paid ran, and its answer never reached the caller
    lost = api.post(f"/admin/draft-orders/{SEED}/pay", {}, format="json", headers={"Idempotency-Key": KEY})
    assert lost.status_code == 200

    # when
    retry = api.post(f"/admin/draft-orders/{SEED}/pay", {}, format="json", headers={"Idempotency-Key": KEY})

    # then: the caller learns its order, made exactly once
    assert_replayed(retry, lost)
    assert retry.json()["order"]["id"] == Order.objects.get().id
    assert (Order.objects.count(), Payment.objects.count(), PaymentSession.objects.count()) == (1, 1, 1)
    # without the key, v1's contract: the draft is already completed
    again = api.post(f"/admin/draft-orders/{SEED}/pay", {}, format="json")
    assert (again.status_code, again.json()) == (
        400,
        {"type": "not_allowed", "message": "Draft order is already completed"},
    )


def test_a_line_item_added_with_a_key_is_added_once(api, seed):
    # given
    path = f"/admin/draft-orders/{SEED}/line-items"
    body = {"title": "Gift wrap", "unit_price": 500, "quantity": 1}
    first = api.post(path, body, format="json", headers={"Idempotency-Key": KEY})

    # when
    replay = api.post(path, body, format="json", headers={"Idempotency-Key": KEY})

    # then
    assert first.status_code == 200
    assert_replayed(replay, first)
    assert LineItem.objects.filter(cart__draft_order__id=SEED, title="Gift wrap").count() == 1


def test_a_delete_retried_with_its_key_gets_its_answer_again(api, seed):
    # given
    first = api.delete(f"/admin/draft-orders/{SEED}", {}, format="json", headers={"Idempotency-Key": KEY})

    # when
    replay = api.delete(f"/admin/draft-orders/{SEED}", {}, format="json", headers={"Idempotency-Key": KEY})

    # then
    assert (first.status_code, first.json()) == (200, {"id": SEED, "object": "draft-order", "deleted": True})
    assert_replayed(replay, first)
    assert not DraftOrder.objects.filter(pk=SEED).exists()


# --- the same key for another request: 422, nothing runs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/admin/draft-orders", t1_body(email="someone.else@test.dk")),
        ("post", f"/admin/draft-orders/{SEED}", t1_body()),
        ("delete", f"/admin/draft-orders/{SEED}", {}),
        ("post", "/admin/draft-orders?expand=cart", t1_body()),
    ],
    ids=["another-body", "another-path", "another-method", "another-query"],
)
def test_the_key_with_another_request_is_422_and_nothing_runs(api, seed, method, path, body):
    # given
    create(api)
    drafts = list(DraftOrder.objects.values_list("id", "status", "cart__email"))

    # when
    response = getattr(api, method)(path, body, format="json", headers={"Idempotency-Key": KEY})

    # then
    assert (response.status_code, response.json()) == (422, mismatch(KEY, "POST", "/admin/draft-orders"))
    assert list(DraftOrder.objects.values_list("id", "status", "cart__email")) == drafts
    assert stored_key().response_status == 200


# --- while the first request runs: 409, nothing runs twice -------------------------------------------------------


def test_a_retry_while_the_first_request_still_runs_is_409_and_runs_nothing(api, seed, monkeypatch):
    # given: the retry arrives while the first request is inside its work
    real_create = draft_order_services.draft_order_create
    retries = []

    def create_while_retried(**arguments):
        retries.append(create(api))
        return real_create(**arguments)

    monkeypatch.setattr(draft_order_services, "draft_order_create", create_while_retried)

    # when
    first = create(api)

    # then: the retry got v1's conflict, and one draft order was made
    (retry,) = retries
    assert (retry.status_code, retry.json()) == (409, CONFLICT)
    assert first.status_code == 200
    assert DraftOrder.objects.count() == 2
    assert stored_key().state == "done"


def test_a_claim_whose_process_died_is_taken_over_after_the_lock_timeout(api, seed, monkeypatch):
    # given: a request that died mid-work (its claim never released: a killed worker), long ago
    monkeypatch.setattr(draft_order_services, "draft_order_create", _explode)
    monkeypatch.setattr("idempotency.api.guard.idempotency_key_release", lambda **_: None)
    assert create(api).status_code == 500
    monkeypatch.undo()
    assert stored_key().state == "running"
    blocked = create(api)
    IdempotencyKey.objects.filter(key=KEY).update(locked_at=LONG_AGO)

    # when
    retry = create(api)

    # then: refused while it could still be running; run once it cannot
    assert (blocked.status_code, blocked.json()) == (409, CONFLICT)
    assert retry.status_code == 200
    assert "Idempotent-Replayed" not in retry
    assert DraftOrder.objects.count() == 2
    assert stored_key().state == "done"


def _explode(**_):
    raise RuntimeError("the work failed")


# --- what is stored: 2xx and 4xx; not 5xx nor a conflict --------------------------------------------------------


def test_a_4xx_answer_is_stored_and_replayed(api, seed):
    # given
    refused = create(api, t1_body(email="not-an-email"))

    # when
    replay = create(api, t1_body(email="not-an-email"))

    # then
    assert (refused.status_code, refused.json()) == (400, {"type": "invalid_data", "message": "email must be an email"})
    assert_replayed(replay, refused)
    assert stored_key().response_status == 400


@pytest.mark.parametrize(
    ("failure", "status"),
    [(RuntimeError("the work failed"), 500), (MedusaError(ErrorType.CONFLICT, "serialization failure"), 409)],
    ids=["5xx", "conflict"],
)
def test_a_5xx_or_a_conflict_releases_the_key_and_the_retry_runs(api, seed, monkeypatch, failure, status):
    # given
    def fail(**_):
        raise failure

    monkeypatch.setattr(draft_order_services, "draft_order_create", fail)
    failed = create(api)
    monkeypatch.undo()

    # when
    retry = create(api)

    # then
    assert failed.status_code == status
    assert retry.status_code == 200
    assert "Idempotent-Replayed" not in retry
    assert DraftOrder.objects.count() == 2
    assert stored_key().response_status == 200


def test_an_unreadable_body_is_refused_before_the_key_is_claimed(api, seed):
    # given
    broken = api.post(
        "/admin/draft-orders", '{"email": ', content_type="application/json", headers={"Idempotency-Key": KEY}
    )

    # when
    fixed = create(api)

    # then
    assert broken.status_code == 400
    assert broken.json()["type"] == "invalid_data"
    assert fixed.status_code == 200
    assert "Idempotent-Replayed" not in fixed


# --- the key itself --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("k" * 256, "Idempotency-Key must be shorter than or equal to 255 characters"),
        ("", "Idempotency-Key should not be empty"),
        ("caf\u00e9", "Idempotency-Key must contain only printable ASCII characters"),
    ],
    ids=["too-long", "empty", "not-ascii"],
)
def test_a_key_that_is_not_one_is_400_and_nothing_runs(api, seed, key, message):
    # when
    response = create(api, key=key)

    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})
    assert DraftOrder.objects.count() == 1
    assert not IdempotencyKey.objects.exists()


def test_a_key_of_255_characters_is_accepted(api, seed):
    # when
    response = create(api, key="k" * 255)
    # then
    assert response.status_code == 200
    assert stored_key("k" * 255).state == "done"


def test_keys_expire_after_the_configured_time_and_can_then_be_used_again(api, seed, settings):
    # given
    settings.IDEMPOTENCY_KEY_TTL_SECONDS = 60
    create(api)
    key = stored_key()
    assert key.expires_at - key.created_at == timedelta(seconds=60)
    IdempotencyKey.objects.filter(pk=key.pk).update(expires_at=LONG_AGO)

    # when: even for another request
    response = create(api, t1_body(items=[{"variant_id": "test-variant", "quantity": 1}]))

    # then
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    assert [item["quantity"] for item in response.json()["draft_order"]["cart"]["items"]] == [1]
    assert DraftOrder.objects.count() == 3
    assert stored_key().pk != key.pk


# --- where the header changes nothing ---------------------------------------------------------------------------


def test_requests_without_the_header_behave_as_v1(api, seed):
    # when
    first, second = create(api, key=None), create(api, key=None)

    # then: two draft orders, no replay, no key
    assert (first.status_code, second.status_code) == (200, 200)
    assert "Idempotent-Replayed" not in second
    assert first.json()["draft_order"]["id"] != second.json()["draft_order"]["id"]
    assert not IdempotencyKey.objects.exists()


def test_reads_logins_and_unauthenticated_requests_ignore_the_header(api, anonymous_client, staff_user):
    # when
    read = api.get("/admin/draft-orders", headers={"Idempotency-Key": KEY})
    login = anonymous_client.post(
        "/admin/auth/token",
        {"email": staff_user.email, "password": "secret_password"},
        format="json",
        headers={"Idempotency-Key": KEY},
    )
    unauthenticated = anonymous_client.post("/admin/draft-orders", {}, format="json", headers={"Idempotency-Key": KEY})

    # then
    assert read.status_code == 200
    assert login.status_code == 200
    assert (unauthenticated.status_code, unauthenticated.json()) == (
        401,
        {"type": "unauthorized", "message": "Unauthorized"},
    )
    assert not IdempotencyKey.objects.exists()
