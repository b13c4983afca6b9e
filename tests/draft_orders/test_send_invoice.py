"""POST /admin/draft-orders/:id/send-invoice (addition "invoices"): the draft order's invoice by email, HTML and
plain text, in the region's currency, from the store; the draft order records when and to whom."""

import smtplib
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from draft_orders.models import DraftOrder
from tests.config.test_settings import loaded
from tests.draft_orders.helpers import create_draft_order, draft_order_body
from tests.openapi.live import assert_answers_as_declared
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

SENT_AT = datetime(2025, 3, 14, 9, 26, 53, 589000, tzinfo=UTC)
# the token's user, the lock, the draft order's read (2 as its GET, the webhook endpoints with it), the record, the
# transaction's savepoint (2), the invoice_sent event
SEND_BUDGET = 8


def send(api, draft_order_id: str, body: dict | None = None, **headers):
    return api.post(f"/admin/draft-orders/{draft_order_id}/send-invoice", body or {}, format="json", **headers)


@pytest.fixture
def clock(monkeypatch):
    """The services' clock, stopped at SENT_AT."""
    monkeypatch.setattr("draft_orders.services.timezone.now", lambda: SENT_AT)


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_the_invoice_is_mailed_to_the_draft_orders_email_and_recorded(api, seed, clock, django_assert_max_num_queries):
    # given: 2 × $80.00 less 10 %, $10.00 shipping
    draft_order = create_draft_order(api, t1_body(discounts=[{"code": "TEST"}]))
    before = draft_order_body(api, draft_order["id"])

    # when
    with django_assert_max_num_queries(SEND_BUDGET):
        response = send(api, draft_order["id"])

    # then: the answer, the mail, the record
    subject = f"Invoice #{draft_order['display_id']} from Draft orders"
    assert (response.status_code, response.json()) == (
        200,
        {
            "invoice": {
                "draft_order_id": draft_order["id"],
                "to": "oli@test.dk",
                "subject": subject,
                "sent_at": "2025-03-14T09:26:53.589Z",
            }
        },
    )
    (sent,) = mail.outbox
    assert (sent.to, sent.subject, sent.from_email) == (["oli@test.dk"], subject, "webmaster@localhost")
    assert "Here is your invoice. The total due is $154.00." in sent.body
    assert "2 x test product, test variant at $80.00, less $16.00: $144.00\n" in sent.body
    assert "Shipping, test-option: $10.00\n" in sent.body
    assert "Subtotal: $160.00\nDiscount: -$16.00\nShipping: $10.00\nTax: $0.00\nTotal: $154.00\n" in sent.body
    assert "Ship to: oli test, US" in sent.body
    ((html, media_type),) = sent.alternatives
    assert media_type == "text/html"
    assert "<td>test product" in html and "<td>$144.00</td>" in html
    assert '<tr data-total="total">' in html and "<strong>$154.00</strong>" in html
    stored = DraftOrder.objects.get(pk=draft_order["id"])
    assert (stored.invoice_sent_at, stored.invoice_sent_to) == (SENT_AT, "oli@test.dk")
    # the draft order itself is unchanged, and its JSON keeps v1's keys
    assert draft_order_body(api, draft_order["id"]) == before
    assert_answers_as_declared("POST", "/admin/draft-orders/{id}/send-invoice", response)


def test_to_subject_and_message_are_the_callers_and_the_store_name_a_setting(api, seed, settings):
    # given
    settings.STORE_NAME = "Oli's Shop"
    draft_order = create_draft_order(api, t1_body())

    # when
    response = send(
        api,
        draft_order["id"],
        {"to": "Accounts@Example.com", "subject": "Your order", "custom_message": "Thanks!\n<b>Pay by Friday</b>"},
    )

    # then: the message as written in the text, escaped in the HTML
    assert response.status_code == 200
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == (["Accounts@Example.com"], "Your order")
    assert sent.body.startswith("Oli's Shop\nInvoice #")
    assert "Thanks!\n<b>Pay by Friday</b>\n" in sent.body
    html = sent.alternatives[0][0]
    assert "<h1>Oli&#x27;s Shop</h1>" in html
    assert "Thanks!<br>&lt;b&gt;Pay by Friday&lt;/b&gt;" in html
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_to == "Accounts@Example.com"


def test_amounts_are_in_the_regions_currency(api, seed):
    # given: test-region-2 is in euros
    draft_order = create_draft_order(
        api,
        {
            "email": "oli@test.dk",
            "region_id": "test-region-2",
            "items": [{"title": "Engraving", "quantity": 3, "unit_price": 123456}],
            "shipping_methods": [],
        },
    )

    # when
    send(api, draft_order["id"])

    # then
    (sent,) = mail.outbox
    assert "3 x Engraving at €1,234.56: €3,703.68\n" in sent.body
    assert "Total: €3,703.68\n" in sent.body and "Amounts in EUR." in sent.body
    assert "<td>€1,234.56</td>" in sent.alternatives[0][0]


def test_a_completed_draft_orders_invoice_says_it_is_paid(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    order = api.post(f"/admin/draft-orders/{draft_order['id']}/pay").json()["order"]

    # when
    response = send(api, draft_order["id"])

    # then
    assert response.status_code == 200
    (sent,) = mail.outbox
    assert f"Invoice #{draft_order['display_id']}, paid (order #{order['display_id']})\n" in sent.body
    assert "This is a copy of your invoice for your records: it is paid." in sent.body
    assert "Total: $170.00\n" in sent.body


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ({"to": "not-an-email"}, 400, {"type": "invalid_data", "message": "to must be an email"}),
        (
            {"subject": "Hi\r\nBcc: x@example.com"},
            400,
            {"type": "invalid_data", "message": "subject must not contain line breaks"},
        ),
        ({"custom_message": 5}, 400, {"type": "invalid_data", "message": "custom_message must be a string"}),
        ({"cc": "x@example.com"}, 400, {"type": "invalid_data", "message": "property cc should not exist"}),
    ],
    ids=["bad-to", "line-break-in-subject", "message-not-a-string", "unknown-property"],
)
def test_bad_bodies_are_refused_and_nothing_is_sent(api, seed, body, status, expected):
    # given
    draft_order = create_draft_order(api, t1_body())

    # when
    response = send(api, draft_order["id"], body)

    # then
    assert (response.status_code, response.json()) == (status, expected)
    assert mail.outbox == []
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_at is None


def test_an_unknown_draft_order_is_not_found(api, seed):
    # when
    response = send(api, "dorder_nope")

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Draft order with dorder_nope was not found"},
    )
    assert mail.outbox == []


def test_a_mail_server_refusal_is_said_and_nothing_is_recorded(api, seed, settings):
    # given
    draft_order = create_draft_order(api, t1_body())
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    # when
    response = send(api, draft_order["id"])

    # then
    assert (response.status_code, response.json()) == (
        500,
        {"type": "unexpected_state", "message": "The invoice could not be sent: Connection unexpectedly closed"},
    )
    stored = DraftOrder.objects.get(pk=draft_order["id"])
    assert (stored.invoice_sent_at, stored.invoice_sent_to) == (None, None)


def test_a_retry_with_its_idempotency_key_sends_once(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())

    # when
    first = send(api, draft_order["id"], HTTP_IDEMPOTENCY_KEY="invoice-1")
    again = send(api, draft_order["id"], HTTP_IDEMPOTENCY_KEY="invoice-1")

    # then
    assert (first.status_code, again.status_code, again.json()) == (200, 200, first.json())
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email_url", "expected"),
    [
        (None, ["django.core.mail.backends.console.EmailBackend", None, None, False]),
        (
            "smtp+tls://mailer:secret@smtp.example.com:587",
            ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.com", 587, True],
        ),
    ],
    ids=["console-by-default", "smtp-from-email-url"],
)
def test_the_mail_backend_comes_from_email_url(email_url, expected):
    # when
    probe = (
        "import json, django\nfrom django.conf import settings\ndjango.setup()\n"
        "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS]))"
    )
    settings = loaded("config.settings.local", probe, **({"EMAIL_URL": email_url} if email_url else {}))

    # then
    assert settings == expected


def test_with_if_match_only_the_draft_order_as_read_is_sent(api, seed):
    # given: read at its ETag, then changed
    draft_order = create_draft_order(api, t1_body())
    etag = api.get(f"/admin/draft-orders/{draft_order['id']}")["ETag"]
    api.post(f"/admin/draft-orders/{draft_order['id']}/line-items", {"quantity": 1, "unit_price": 100}, format="json")

    # when
    stale = send(api, draft_order["id"], HTTP_IF_MATCH=etag)
    current = send(api, draft_order["id"], HTTP_IF_MATCH=api.get(f"/admin/draft-orders/{draft_order['id']}")["ETag"])

    # then
    assert (stale.status_code, stale.json()) == (
        412,
        {
            "code": "precondition_failed",
            "type": "not_allowed",
            "message": "The draft order was changed since you read it: its ETag no longer matches If-Match",
        },
    )
    assert current.status_code == 200
    assert len(mail.outbox) == 1 and "Total: $171.00" in mail.outbox[0].body
