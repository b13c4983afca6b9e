"""Logins resist abuse (issue 12, section 4): failures counted per account and per client address in the shared
cache, the staff site's login throttled too, and JWTs that stop working when they should."""

import threading

import jwt
import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.services import user_logout_everywhere
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VICTIM, ATTACKER = "victim@example.com", "attacker@example.com"
THROTTLED = "Too many failed login attempts. Try again later."


@pytest.fixture
def accounts(db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    return UserFactory(email=VICTIM), UserFactory(email=ATTACKER)


def login(email, password="secret_password", address="10.0.0.1", path="/admin/auth/token"):
    return APIClient(REMOTE_ADDR=address).post(path, {"email": email, "password": password}, format="json")


def test_another_accounts_good_logins_do_not_reset_the_victims_count(accounts):
    # given: a good login of the attacker's own account between wrong guesses
    for _ in range(2):
        assert login(VICTIM, "guess").status_code == 401
        assert login(ATTACKER).status_code == 200
    assert login(VICTIM, "guess").status_code == 401
    # when: the right password, from another address
    response = login(VICTIM, address="10.0.0.2")
    # then
    assert response.status_code == 429
    assert response.json() == {
        "code": "too_many_requests",
        "type": "not_allowed",
        "message": f"{THROTTLED} Expected available in {response['Retry-After']} seconds.",
    }
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert login(ATTACKER, address="10.0.0.2").status_code == 200


def test_one_address_guessing_many_accounts_is_throttled(accounts):
    # given
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        assert login(email, "guess").status_code == 401
    # when
    response = login(VICTIM)
    # then
    assert response.status_code == 429
    assert login(VICTIM, address="10.0.0.2").status_code == 200


def test_a_good_login_clears_its_own_accounts_failures(accounts):
    # given
    for _ in range(2):
        assert login(VICTIM, "typo", address=f"10.0.1.{_}").status_code == 401
    assert login(VICTIM, address="10.0.2.1").status_code == 200
    # when
    responses = [login(VICTIM, "typo", address=f"10.0.3.{number}").status_code for number in range(3)]
    # then
    assert responses == [401, 401, 401]


def test_the_api_and_the_staff_site_share_the_counters(accounts):
    # given
    for _ in range(3):
        response = Client(REMOTE_ADDR="10.0.0.9").post("/staff/login/", {"username": VICTIM, "password": "guess"})
        assert response.status_code == 200
    # when
    response = login(VICTIM, address="10.0.0.8")
    # then
    assert response.status_code == 429


def test_the_staff_login_is_throttled(accounts):
    # given
    accounts[0].is_superuser = True
    accounts[0].save()
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        client.post("/staff/login/", {"username": VICTIM, "password": "guess"})
    # when: the right password
    response = client.post("/staff/login/", {"username": VICTIM, "password": "secret_password"})
    # then: refused on the form, and not logged in
    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_guesses_through_a_shared_database_cache_cannot_overrun_the_limit(settings):
    # given: the production default, a database cache every worker shares; guesses fired at once
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "login_cache"}}
    settings.LOGIN_FAILURE_LIMIT = 4
    call_command("createcachetable", verbosity=0)
    UserFactory(email=VICTIM)
    start, statuses = threading.Barrier(12), []

    def guess(number):
        try:
            start.wait()
            statuses.append(login(VICTIM, f"guess {number}", address=f"10.1.0.{number}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(12)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(statuses) == [401] * 4 + [429] * 8
    caches["default"].clear()


# --- JWTs --------------------------------------------------------------------------------------------------------


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def token(staff_user):
    response = login("admin@medusa.js")
    assert response.status_code == 200
    return response.json()["access_token"]


def test_a_jwt_stops_working_when_the_password_changes(staff_user, token):
    # given
    assert bearer(token).get("/admin/auth").status_code == 200
    # when
    staff_user.set_password("a-new-password-123")
    staff_user.save()
    # then
    response = bearer(token).get("/admin/auth")
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}


def test_logging_out_everywhere_ends_every_jwt_and_session(staff_user, token):
    # given
    session = APIClient()
    credentials = {"email": "admin@medusa.js", "password": "secret_password"}
    assert session.post("/admin/auth", credentials, format="json").status_code == 200
    # when
    user_logout_everywhere(user_id=staff_user.id)
    # then
    assert bearer(token).get("/admin/auth").status_code == 401
    assert session.get("/admin/auth").status_code == 401
    assert APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token").get("/admin/auth").status_code == 200
    assert bearer(login("admin@medusa.js").json()["access_token"]).get("/admin/auth").status_code == 200


def test_the_staff_site_logs_users_out_everywhere(staff_user, token):
    # given
    staff_user.is_superuser = True
    staff_user.save()
    client = Client()
    client.force_login(staff_user)
    # when
    response = client.post(
        "/staff/accounts/user/", {"action": "log_out_everywhere", "_selected_action": [staff_user.id]}
    )
    # then
    assert response.status_code == 302
    assert bearer(token).get("/admin/auth").status_code == 401


def test_ending_the_session_leaves_jwts_working(staff_user, token):
    # given
    session = APIClient()
    session.post("/admin/auth", {"email": "admin@medusa.js", "password": "secret_password"}, format="json")
    # when
    response = session.delete("/admin/auth")
    # then
    assert response.status_code == 200
    assert session.get("/admin/auth").status_code == 401
    assert bearer(token).get("/admin/auth").status_code == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": None},
        {"ver": None},
        {"ver": "0" * 64},
    ],
    ids=["no-exp", "no-version", "another-version"],
)
def test_a_signed_jwt_without_exp_or_the_users_version_is_refused(staff_user, token, claims):
    # given: the token's own claims, changed and signed with the right key
    payload = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    payload = {name: value for name, value in {**payload, **claims}.items() if value is not None}
    # when
    response = bearer(jwt.encode(payload, settings.JWT_SECRET, algorithm="HS256")).get("/admin/auth")
    # then
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}


def test_migrating_creates_the_database_caches_table(settings):
    # given: production's default cache, whose table holds the login failure counters
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "new_cache"}}
    # when
    call_command("migrate", verbosity=0)
    # then
    assert "new_cache" in connection.introspection.table_names()
