import secrets

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from config.errors import ErrorType, MedusaError


@transaction.atomic
def user_create(*, email: str, password: str | None, role: str = User.Role.MEMBER, **fields) -> User:
    if User.objects.filter(email__iexact=email).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"A user with the email {email.lower()} already exists")
    return User.objects.create_user(email=email, password=password, role=role, **fields)


@transaction.atomic
def user_api_token_rotate(*, user_id: str) -> str:
    """A new API token for the user (the old one stops working); returns it."""
    api_token = secrets.token_urlsafe(32)
    User.objects.filter(pk=user_id).update(api_token=api_token, updated_at=timezone.now())
    return api_token


@transaction.atomic
def user_logout_everywhere(*, user_id: str) -> None:
    """Ends every session and JWT of the user (API tokens stay: they are rotated on their own)."""
    User.objects.filter(pk=user_id).update(token_version=F("token_version") + 1, updated_at=timezone.now())


def user_authenticate(*, request, email: str, password: str) -> User:
    """The user these credentials belong to, or v1's 401."""
    user = authenticate(request, username=email, password=password)
    if user is None:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    return user


@transaction.atomic
def demo_user_ensure(*, email: str, password: str) -> User:
    """The staff login `make run` prints: created once, its password and api token kept usable."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_superuser(email=email, password=password, first_name="Demo", last_name="Staff")
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
    if not user.api_token:
        user.api_token = user_api_token_rotate(user_id=user.pk)
    return user
