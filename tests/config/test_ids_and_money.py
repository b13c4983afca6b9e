"""Medusa's ids and JavaScript's rounding: one helper each, in config/."""

import re
from decimal import Decimal

import pytest

from accounts.models import User
from config.ids import generate_id
from config.money import js_round, json_number

CROCKFORD_ID = re.compile(r"^(?P<prefix>[a-z]+)_(?P<ulid>[0-9A-HJKMNP-TV-Z]{26})$")


@pytest.mark.parametrize("prefix", ["usr", "dorder", "cart", "item"])
def test_generate_id_is_prefix_underscore_and_26_crockford_characters(prefix):
    # when
    new_id = generate_id(prefix)
    # then
    match = CROCKFORD_ID.match(new_id)
    assert match, new_id
    assert match["prefix"] == prefix


def test_generated_ids_are_unique_and_time_ordered():
    # when
    ids = [generate_id("item") for _ in range(1000)]
    # then
    assert len(set(ids)) == 1000
    assert ids[0][:15] <= ids[-1][:15]  # the first 10 ULID characters are the millisecond timestamp


@pytest.mark.django_db
def test_a_model_gets_a_prefixed_id_and_keeps_a_given_one():
    # when
    generated = User.objects.create_user(email="a@example.com", password="x")
    given = User.objects.create_user(email="b@example.com", password="x", id="admin_user")
    # then
    assert CROCKFORD_ID.match(generated.id)["prefix"] == "usr"
    assert User.objects.get(email="b@example.com").id == "admin_user"
    assert given.id == "admin_user"


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (2.5, 3),
        (-2.5, -2),
        (0.5, 1),
        (-0.5, 0),
        (1.5, 2),
        (-1.5, -1),
        (2.4, 2),
        (2.6, 3),
        (-2.6, -3),
        (0, 0),
        (7, 7),
        (444.4444444444444, 444),
        (1599.9999999999998, 1600),
        (0.49999999999999994, 0),  # floor(x + 0.5) gets this one wrong; Math.round does not
        (2**52 + 1, 2**52 + 1),
        (Decimal("2.5"), 3),
        (Decimal("-2.5"), -2),
        (Decimal("444.4444444444444"), 444),
    ],
)
def test_js_round_is_math_round_half_toward_positive_infinity(value, rounded):
    result = js_round(value)
    assert result == rounded
    assert type(result) is int


def test_js_round_differs_from_pythons_bankers_rounding():
    assert (round(2.5), js_round(2.5)) == (2, 3)
    assert (round(-3.5), js_round(-3.5)) == (-4, -3)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (1600.0, 1600),
        (0.0, 0),
        (-3.0, -3),
        (1600, 1600),
        (444.4444444444444, 444.4444444444444),
        (Decimal("444.4444444444444"), 444.4444444444444),
        (Decimal("8000"), 8000),
        (-0.5, -0.5),
    ],
)
def test_json_number_prints_as_javascript_does(value, printed):
    result = json_number(value)
    assert result == printed
    assert type(result) is type(printed)
