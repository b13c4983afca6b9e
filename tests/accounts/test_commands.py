"""The management commands `make run` and the README rely on."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.management.commands.demo_user import DEMO_EMAIL, DEMO_PASSWORD
from accounts.management.commands.load_demo import demo_modules
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model, soft-deleted ones included: what a second load must not change."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_createsuperuser_noinput_reads_email_and_password_from_the_environment(monkeypatch):
    # given
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Boss@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-1")
    # when
    output = run("createsuperuser", "--noinput")
    # then
    assert "Superuser created successfully." in output
    user = User.objects.get()
    assert user.email == "boss@example.com"
    assert user.id.startswith("usr_")
    assert (user.is_staff, user.is_superuser, user.role) == (True, True, User.Role.ADMIN)
    assert user.check_password("a-long-password-1")
    login = APIClient().post(
        "/admin/auth/token", {"email": "boss@example.com", "password": "a-long-password-1"}, format="json"
    )
    assert login.status_code == 200


def test_createsuperuser_refuses_an_email_that_exists_in_another_case(monkeypatch):
    # given
    UserFactory(email="boss@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "BOSS@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-1")
    # when
    with pytest.raises(CommandError, match="A user with the email boss@example.com already exists."):
        run("createsuperuser", "--noinput")
    # then
    assert User.objects.count() == 1


def test_api_token_creates_then_rotates_and_prints_the_token():
    # given
    user = UserFactory(email="dev@example.com", api_token=None)
    # when
    first = run("api_token", "DEV@example.com").strip()
    user.refresh_from_db()
    stored_first = user.api_token
    second = run("api_token", "dev@example.com").strip()
    user.refresh_from_db()
    # then
    assert first == stored_first
    assert second == user.api_token
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", second)
    old = APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN=first).get("/admin/auth")
    new = APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN=second).get("/admin/auth")
    assert old.status_code == 401
    assert new.status_code == 200
    assert new.json()["user"]["email"] == "dev@example.com"


def test_api_token_for_an_unknown_email_is_an_error():
    with pytest.raises(CommandError, match="No user with the email nobody@example.com"):
        run("api_token", "nobody@example.com")


def test_demo_user_prints_a_working_login_and_is_idempotent():
    # when
    first = run("demo_user")
    token = User.objects.get(email=DEMO_EMAIL).api_token
    second = run("demo_user")
    # then
    assert first == second
    assert f"email:     {DEMO_EMAIL}" in first
    assert f"password:  {DEMO_PASSWORD}" in first
    assert f"API token: {token}" in first
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    user = User.objects.get(email=DEMO_EMAIL)
    assert (user.is_staff, user.is_superuser, user.is_active) == (True, True, True)
    by_token = APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN=token).get("/admin/auth")
    by_password = APIClient().post("/admin/auth", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}, format="json")
    assert by_token.status_code == 200
    assert by_password.status_code == 200


def test_demo_user_restores_a_changed_password_and_keeps_the_token():
    # given
    run("demo_user")
    user = User.objects.get(email=DEMO_EMAIL)
    token = user.api_token
    user.set_password("something-else")
    user.save()
    # when
    run("demo_user")
    # then
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert user.api_token == token


@pytest.mark.parametrize("args", [(), ("--if-empty",)], ids=["load_demo", "load_demo --if-empty"])
def test_load_demo_twice_changes_nothing_the_second_time(args):
    # given
    first = run("load_demo", *args)
    after_first = row_counts()
    # when
    second = run("load_demo", *args)
    # then
    assert row_counts() == after_first
    assert first.startswith("Demo data loaded (")
    if list(demo_modules()):
        assert any(after_first[label] for label in after_first if not label.startswith(("auth.", "contenttypes.")))
    if args:
        expected = "Demo data already present" if list(demo_modules()) else "Demo data loaded ("
        assert second.startswith(expected)


def test_load_demo_if_empty_leaves_an_existing_store_alone():
    # given
    run("load_demo")
    before = row_counts()
    # when
    output = run("load_demo", "--if-empty")
    # then
    assert row_counts() == before
    modules = list(demo_modules())
    assert output.startswith("Demo data already present" if modules else "Demo data loaded (none)")


def test_demo_modules_are_found_per_app_and_have_the_two_functions():
    # Each app may add `<app>/demo.py` with has_data() and load(); load_demo finds them in INSTALLED_APPS order.
    for module in demo_modules():
        assert module.__name__.endswith(".demo")
        assert callable(module.has_data) and callable(module.load)
