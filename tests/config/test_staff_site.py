"""What every page of the staff site shares: JSON boxes left empty rather than `null`, no "View site" link."""

import pytest
from django import forms
from django.contrib import admin

from customers.models import Customer
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True)


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    return client


def json_boxes(response) -> dict[str, object]:
    """What each JSON box of the page's form and inline forms (the "Add another" row too) shows."""
    on_page = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        on_page += [*inline.formset.forms, inline.formset.empty_form]
    return {
        bound.html_name: bound.value() for form in on_page for bound in form if isinstance(bound.field, forms.JSONField)
    }


def test_every_add_page_shows_its_json_boxes_empty(staff, superuser, rf):
    # given: every model the staff site can add
    request = rf.get("/staff/")
    request.user = superuser
    pages = [
        f"/staff/{model._meta.app_label}/{model._meta.model_name}/add/"
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
    ]
    # when
    boxes = {page: json_boxes(staff.get(page)) for page in pages}
    # then: metadata is empty, not `null`; a JSON column with a default shows it
    assert "/staff/customers/customer/add/" in boxes
    assert boxes["/staff/customers/customer/add/"] == {"metadata": "", "shipping_addresses-__prefix__-metadata": ""}
    assert boxes["/staff/regions/shippingoption/add/"] == {"data": "{}"}
    assert {page: shown for page, shown in boxes.items() if "null" in shown.values()} == {}


def test_a_change_page_shows_unset_metadata_empty_and_saving_it_empty_keeps_it_unset(staff):
    # given
    customer = CustomerFactory(email="ada@example.com", metadata=None)
    form = {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "",
        "phone": "",
        "password": "",
        "billing_address": "",
        "metadata": "",
        "shipping_addresses-TOTAL_FORMS": "0",
        "shipping_addresses-INITIAL_FORMS": "0",
        "shipping_addresses-MIN_NUM_FORMS": "0",
        "shipping_addresses-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    # when
    page = staff.get(f"/staff/customers/customer/{customer.pk}/change/")
    saved = staff.post(f"/staff/customers/customer/{customer.pk}/change/", form)
    # then
    assert json_boxes(page)["metadata"] == ""
    assert saved.status_code == 302
    assert Customer.objects.values_list("first_name", "metadata").get(pk=customer.pk) == ("Ada", None)


def test_the_staff_site_has_no_view_site_link(staff):
    # when: no storefront is served here
    index = staff.get("/staff/")
    # then
    assert index.status_code == 200
    assert "View site" not in index.content.decode()


def test_the_money_inputs_script_is_served(client):
    # when
    script = client.get("/static/config/money_input.js")
    # then
    assert script.status_code == 200
    assert b"currencyFrom" in b"".join(script.streaming_content if script.streaming else [script.content])
