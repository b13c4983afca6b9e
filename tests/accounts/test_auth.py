import jwt
import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db

USER_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "role",
    "email",
    "first_name",
    "last_name",
    "api_token",
    "metadata",
]


def login(client, email="admin@medusa.js", password="secret_password", path="/admin/auth"):
    return client.post(path, {"email": email, "password": password}, format="json")


def test_session_login_returns_the_user_without_its_password_hash(staff_user, anonymous_client):
    # when
    response = login(anonymous_client)
    # then
    assert response.status_code == 200
    assert list(response.json()["user"]) == USER_KEYS
    assert response.json()["user"]["id"] == staff_user.id
    assert "password" not in response.content.decode()
    assert "connect.sid" in response.cookies


def test_login_email_is_case_insensitive(staff_user, anonymous_client):
    assert login(anonymous_client, email="ADMIN@Medusa.JS").status_code == 200


def test_session_cookie_authenticates_get_auth_and_delete_ends_it(staff_user):
    # given
    client = APIClient(enforce_csrf_checks=True)
    login(client)
    # when
    me = client.get("/admin/auth")
    # then
    assert me.status_code == 200
    assert me.json()["user"]["email"] == "admin@medusa.js"
    csrf = client.cookies["csrftoken"].value
    assert client.delete("/admin/auth", HTTP_X_CSRFTOKEN=csrf).status_code == 200
    assert client.get("/admin/auth").status_code == 401


def test_session_request_without_csrf_token_is_refused(staff_user):
    # given
    client = APIClient(enforce_csrf_checks=True)
    login(client)
    # when
    response = client.delete("/admin/auth")
    # then
    assert response.status_code == 403
    assert response.json()["type"] == "not_allowed"
    assert response.json()["message"].startswith("CSRF Failed")
    assert client.get("/admin/auth").status_code == 200


def test_wrong_password_is_401_in_the_error_shape(staff_user, anonymous_client):
    for path in ("/admin/auth", "/admin/auth/token"):
        response = login(anonymous_client, password="nope", path=path)
        assert response.status_code == 401
        assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}


def test_login_body_is_validated_with_v1_messages(anonymous_client):
    response = anonymous_client.post("/admin/auth", {"email": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "email must be an email, password should not be empty, password must be a string",
    }


def test_jwt_token_authenticates_as_bearer(staff_user, anonymous_client):
    # given
    token = login(anonymous_client, path="/admin/auth/token").json()["access_token"]
    payload = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    # when
    response = client.get("/admin/auth")
    # then
    assert payload["user_id"] == staff_user.id and payload["domain"] == "admin"
    assert payload["exp"] - payload["iat"] == 24 * 60 * 60
    assert response.status_code == 200
    assert response.json()["user"]["id"] == staff_user.id


@pytest.mark.parametrize(
    "payload",
    [{"domain": "store"}, {"user_id": None}, {"secret": "another-secret-that-is-long-enough-for-hs256"}],
    ids=["wrong-domain", "no-user", "wrong-secret"],
)
def test_bad_jwt_is_refused(staff_user, payload):
    secret = payload.pop("secret", settings.JWT_SECRET)
    claims = {"user_id": staff_user.id, "domain": "admin", **payload}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}")
    assert client.get("/admin/auth").status_code == 401


def test_api_token_header_authenticates(api, staff_user):
    response = api.get("/admin/auth")
    assert response.status_code == 200
    assert response.json()["user"]["api_token"] == "test_token"


def test_token_requests_need_no_csrf_token(staff_user):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token")
    assert client.delete("/admin/auth").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_X_MEDUSA_ACCESS_TOKEN": "wrong"},
        {"HTTP_AUTHORIZATION": "Bearer test_token"},  # v1 refuses an api token sent as Bearer
        {"HTTP_AUTHORIZATION": "Basic YWRtaW46c2VjcmV0"},
    ],
    ids=["none", "wrong-token", "api-token-as-bearer", "basic"],
)
def test_unauthenticated_requests_get_401_json(staff_user, headers):
    response = APIClient().get("/admin/auth", **headers)
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}


def test_inactive_and_deleted_users_do_not_authenticate(staff_user, anonymous_client):
    # given
    staff_user.is_active = False
    staff_user.save()
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token")
    # then
    assert client.get("/admin/auth").status_code == 401
    assert login(anonymous_client).status_code == 401
    # given a soft-deleted user
    User.all_objects.filter(pk=staff_user.pk).update(is_active=True, deleted_at=timezone.now())
    assert client.get("/admin/auth").status_code == 401
    assert login(anonymous_client).status_code == 401


def test_repeated_failed_logins_are_throttled(staff_user, anonymous_client, settings):
    # given
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(anonymous_client, password="nope").status_code == 401
    # when
    response = login(anonymous_client)
    # then
    assert response.status_code == 429
    assert response.json()["type"] == "not_allowed"
    assert response.json()["code"] == "too_many_requests"
    assert int(response["Retry-After"]) > 0
