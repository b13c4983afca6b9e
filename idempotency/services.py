"""Claiming a key for a request, storing the answer it got, releasing it, and purging expired keys.

A claim is its own committed transaction, taken before the request's work starts: a concurrent request with
the same key finds it (409) instead of running the work a second time. The unique (user, key) constraint
decides which of two simultaneous claims wins.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from config.errors import ErrorType, MedusaError
from idempotency.models import IdempotencyKey


@dataclass(frozen=True)
class KeyedRequest:
    """What must match for a retry to get the first request's answer."""

    method: str
    path: str
    body_hash: str


def idempotency_key_claim(*, user_id: str, key: str, request: KeyedRequest, now: datetime) -> IdempotencyKey:
    """The key, claimed (running) for this request, or done with the answer to replay.

    Refuses the key while another request holds it (409, v1's "You may retry … with the provided
    Idempotency-Key") and when it was used for another request (422). An expired key is claimed afresh.
    """
    for _attempt in range(2):  # an expired or released key leaves room for one more try
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user_id=user_id,
                    key=key,
                    request_method=request.method,
                    request_path=request.path,
                    request_hash=request.body_hash,
                    state=IdempotencyKey.State.RUNNING,
                    created_at=now,
                    locked_at=now,
                    expires_at=now + timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS),
                )
        except IntegrityError:
            pass
        existing = IdempotencyKey.objects.filter(user_id=user_id, key=key).first()
        if existing is None:
            continue
        if existing.expires_at <= now:
            IdempotencyKey.objects.filter(pk=existing.pk, expires_at__lte=now).delete()
            continue
        if (existing.request_method, existing.request_path, existing.request_hash) != (
            request.method,
            request.path,
            request.body_hash,
        ):
            raise MedusaError(
                ErrorType.DUPLICATE_ERROR,
                f"Idempotency-Key {key} was already used for a different request "
                f"({existing.request_method} {existing.request_path})",
            )
        if existing.state == IdempotencyKey.State.DONE or _taken_over(existing, now=now):
            return existing
        break
    raise MedusaError(ErrorType.CONFLICT, f"Idempotency-Key {key} is in use by a request that is still running")


def _taken_over(key: IdempotencyKey, *, now: datetime) -> bool:
    """A claim older than the lock timeout belongs to a request whose process died (its work rolled back with
    its connection): the retry takes it over, exactly one retry when several race."""
    abandoned_before = now - timedelta(seconds=settings.IDEMPOTENCY_KEY_LOCK_TIMEOUT_SECONDS)
    if key.locked_at > abandoned_before:
        return False
    taken = IdempotencyKey.objects.filter(
        pk=key.pk, state=IdempotencyKey.State.RUNNING, locked_at=key.locked_at
    ).update(locked_at=now)
    if taken:
        key.locked_at = now
    return taken == 1


def idempotency_key_complete(*, key: IdempotencyKey, status: int, headers: dict[str, str], body: bytes) -> None:
    """Stores the answer the claiming request got; a retry gets it again instead of running."""
    IdempotencyKey.objects.filter(pk=key.pk, state=IdempotencyKey.State.RUNNING).update(
        state=IdempotencyKey.State.DONE,
        response_status=status,
        response_headers=headers,
        response_body=body,
        locked_at=None,
    )


def idempotency_key_release(*, key: IdempotencyKey) -> None:
    """Forgets a claim whose request failed (a 5xx, a conflict): a retry with the key runs again."""
    IdempotencyKey.objects.filter(pk=key.pk, state=IdempotencyKey.State.RUNNING).delete()


def idempotency_keys_purge(*, now: datetime) -> int:
    """Deletes the expired keys; the number deleted."""
    deleted, _ = IdempotencyKey.objects.filter(expires_at__lte=now).delete()
    return deleted
