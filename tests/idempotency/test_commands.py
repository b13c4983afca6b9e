"""`manage.py purge_idempotency_keys`: expired keys go, live ones (and the answers they replay) stay."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from idempotency.models import IdempotencyKey

pytestmark = pytest.mark.django_db

PAST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


def key(user, name: str, *, expires_at: datetime, state: str = "done") -> IdempotencyKey:
    answered = {"response_status": 200, "response_body": b"{}"} if state == "done" else {"locked_at": PAST}
    return IdempotencyKey.objects.create(
        user=user,
        key=name,
        request_method="POST",
        request_path="/admin/draft-orders",
        request_hash="0" * 64,
        state=state,
        created_at=PAST,
        expires_at=expires_at,
        **answered,
    )


def test_purge_deletes_the_expired_keys_only(staff_user):
    # given
    key(staff_user, "old", expires_at=PAST)
    key(staff_user, "old-and-stuck", expires_at=PAST, state="running")
    kept = key(staff_user, "live", expires_at=FUTURE)
    out = StringIO()

    # when
    call_command("purge_idempotency_keys", stdout=out)

    # then
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [kept.pk]
    assert out.getvalue() == "Deleted 2 expired idempotency keys\n"
