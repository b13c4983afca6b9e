"""The three ways v1's admin API authenticates: session cookie, `Bearer <jwt>`, `x-medusa-access-token`.

As passport with several strategies, a mechanism that does not apply or fails yields to the next; a request
none of them accepts gets 401 in the error shape. Only active, not deleted users authenticate.
"""

import time

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare
from rest_framework import authentication

from config.ids import can_be_id
from config.prepared import PreparedQuery

JWT_ALGORITHM = "HS256"
ADMIN_DOMAIN = "admin"

# What authenticated a request, returned as DRF's `request.auth` (DRF copies it onto the Django request): events
# record it as the actor's credential, so an API token's call reads apart from a person's.
CREDENTIAL_SESSION = "session"
CREDENTIAL_JWT = "jwt"
CREDENTIAL_API_TOKEN = "api_token"


def issue_admin_jwt(user) -> str:
    """v1's claims, plus `ver`: the user's session hash, which a password change or "log out everywhere" changes
    (departure "JWTs end")."""
    now = int(time.time())
    payload = {
        "user_id": user.pk,
        "domain": ADMIN_DOMAIN,
        "ver": user.get_session_auth_hash(),
        "iat": now,
        "exp": now + settings.JWT_TTL_SECONDS,
    }
    return jwt.encode(payload, settings.JWT_SECRET, algorithm=JWT_ALGORITHM)


def admin_user_from_jwt(token: str):
    """The live user a signed, unexpired admin JWT names, while its `ver` is still the user's; else None."""
    try:
        payload = jwt.decode(token, settings.JWT_SECRET, algorithms=[JWT_ALGORITHM], options={"require": ["exp"]})
    except jwt.PyJWTError:
        return None
    user_id, version = payload.get("user_id"), payload.get("ver")
    if payload.get("domain") != ADMIN_DOMAIN or not can_be_id(user_id) or not isinstance(version, str):
        return None
    user = _one(_USER_BY_ID(user_id))
    return user if user and constant_time_compare(version, user.get_session_auth_hash()) else None


def active_users():
    return get_user_model().objects.filter(is_active=True)


# every authenticated API call runs one of these: compiled once (config.prepared)
_USER_BY_ID = PreparedQuery(lambda user_id: active_users().filter(pk=user_id))
_USER_BY_API_TOKEN = PreparedQuery(lambda token: active_users().filter(api_token=token))


def _one(found: list):
    return found[0] if found else None


class AdminSessionAuthentication(authentication.SessionAuthentication):
    """The session cookie set by `POST /admin/auth`; its unsafe requests must carry the CSRF token."""

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if not user or not user.is_active or getattr(user, "deleted_at", None) is not None:
            return None
        self.enforce_csrf(request)
        return (user, CREDENTIAL_SESSION)


class AdminJwtAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower() != b"bearer":
            return None
        user = admin_user_from_jwt(header[1].decode("latin-1"))
        return (user, CREDENTIAL_JWT) if user else None

    def authenticate_header(self, request):
        return 'Bearer realm="admin"'


class AdminApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        token = request.META.get("HTTP_X_MEDUSA_ACCESS_TOKEN")
        if not token or not can_be_id(token):
            return None
        user = _one(_USER_BY_API_TOKEN(token))
        return (user, CREDENTIAL_API_TOKEN) if user else None
