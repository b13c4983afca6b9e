"""Request validation worded as v1's class-validator (reference "error format" and "observed probes")."""

import pytest
from rest_framework.exceptions import ValidationError

from config.api.exceptions import exception_response
from config.api.validation import (
    ArrayField,
    BooleanField,
    EmailField,
    EnumField,
    IntegerField,
    NumberField,
    ObjectField,
    RequestSerializer,
    StringField,
    validate_request,
)


class ItemReq(RequestSerializer):
    title = StringField()
    unit_price = NumberField()
    quantity = IntegerField(required=True)
    metadata = ObjectField()


class ShippingMethodReq(RequestSerializer):
    option_id = StringField(required=True)
    price = NumberField()


class AddressReq(RequestSerializer):
    country_code = StringField()


class DraftOrderCreateReq(RequestSerializer):
    """The shape of v1's AdminPostDraftOrdersReq, in its property order."""

    status = EnumField(["open", "completed"])
    email = EmailField(required=True)
    shipping_address = AddressReq(required=False)
    items = ArrayField(child=ItemReq())
    region_id = StringField(required=True)
    no_notification_order = BooleanField()
    shipping_methods = ArrayField(child=ShippingMethodReq(), required=True)
    metadata = ObjectField()


class LoginReq(RequestSerializer):
    email = EmailField(required=True, not_empty=True)
    password = StringField(required=True, not_empty=True)


class TagsReq(RequestSerializer):
    tags = ArrayField(child=StringField())
    billing = AddressReq()  # required by default, as a nested object without @IsOptional


VALID = {"email": "oli@test.dk", "region_id": "reg_1", "shipping_methods": []}


def error_for(serializer_class, data) -> tuple[int, dict]:
    """What the client receives when validation fails: the exception as config/api renders it."""
    with pytest.raises(ValidationError) as raised:
        validate_request(serializer_class, data)
    return exception_response(raised.value)


def message_for(serializer_class, data) -> str:
    status, body = error_for(serializer_class, data)
    assert status == 400
    assert list(body) == ["type", "message"]
    assert body["type"] == "invalid_data"
    return body["message"]


def test_empty_create_body_gives_v1s_exact_message():
    # when
    status, body = error_for(DraftOrderCreateReq, {})
    # then
    assert status == 400
    assert body == {
        "type": "invalid_data",
        "message": "email must be an email, region_id must be a string, "
        "shipping_methods should not be empty, shipping_methods must be an array",
    }


def test_messages_follow_field_order_not_body_order():
    # given
    body = {"metadata": [], "region_id": 1, "no_notification_order": "yes", "email": "nope", "status": "weird"}
    # when
    message = message_for(DraftOrderCreateReq, body)
    # then
    assert message == (
        "status must be one of the following values: open, completed, email must be an email, "
        "region_id must be a string, no_notification_order must be a boolean value, "
        "shipping_methods should not be empty, shipping_methods must be an array, metadata must be an object"
    )


def test_unknown_top_level_key_comes_before_the_field_errors():
    assert message_for(DraftOrderCreateReq, {"foo": 1, **VALID, "email": "x"}) == (
        "property foo should not exist, email must be an email"
    )


def test_unknown_key_alone_is_the_whole_message():
    assert message_for(DraftOrderCreateReq, {**VALID, "foo": 1, "bar": None}) == (
        "property foo should not exist, property bar should not exist"
    )


def test_unknown_key_inside_a_list_of_objects_comes_before_that_objects_errors():
    # given
    body = {**VALID, "email": "x", "items": [{"quantity": 1}, {"foo": 1, "quantity": 1.5}], "region_id": 7}
    # when
    message = message_for(DraftOrderCreateReq, body)
    # then: depth first, the nested messages at the place of their property, without a path prefix
    assert message == (
        "email must be an email, property foo should not exist, quantity must be an integer number, "
        "region_id must be a string"
    )


def test_unknown_key_inside_a_nested_object():
    assert message_for(DraftOrderCreateReq, {**VALID, "shipping_address": {"country_code": "us", "zip": 1}}) == (
        "property zip should not exist"
    )


def test_nested_list_item_errors_use_the_bare_property_name():
    assert message_for(DraftOrderCreateReq, {**VALID, "shipping_methods": [{"price": 1}]}) == (
        "option_id must be a string"
    )


def test_missing_required_array_fails_twice_and_an_empty_array_passes():
    # when
    missing = message_for(DraftOrderCreateReq, {"email": "a@b.dk", "region_id": "r"})
    null = message_for(DraftOrderCreateReq, {"email": "a@b.dk", "region_id": "r", "shipping_methods": None})
    empty = validate_request(DraftOrderCreateReq, {"email": "a@b.dk", "region_id": "r", "shipping_methods": []})
    # then
    assert missing == "shipping_methods should not be empty, shipping_methods must be an array"
    assert null == missing
    assert empty == {"email": "a@b.dk", "region_id": "r", "shipping_methods": []}


def test_an_array_given_an_object_or_a_list_of_scalars():
    assert message_for(DraftOrderCreateReq, {**VALID, "items": {"quantity": 1}}) == "items must be an array"
    assert message_for(DraftOrderCreateReq, {**VALID, "items": [1]}) == (
        "nested property items must be either object or array"
    )


def test_each_value_of_a_scalar_array_is_reported_once():
    assert message_for(TagsReq, {"tags": ["a", 1, 2], "billing": {}}) == "each value in tags must be a string"


def test_nested_object_given_a_scalar_or_missing_when_required():
    assert message_for(DraftOrderCreateReq, {**VALID, "shipping_address": "addr_1"}) == (
        "nested property shipping_address must be either object or array"
    )
    assert message_for(TagsReq, {}) == "nested property billing must be either object or array"
    assert message_for(TagsReq, {"billing": None}) == "nested property billing must be either object or array"


def test_optional_fields_skip_every_check_when_null():
    # given
    body = {
        **VALID,
        "status": None,
        "shipping_address": None,
        "items": None,
        "no_notification_order": None,
        "metadata": None,
    }
    # when
    data = validate_request(DraftOrderCreateReq, body)
    # then
    assert data == VALID


def test_valid_body_comes_back_typed():
    # given
    body = {
        **VALID,
        "status": "completed",
        "shipping_address": {"country_code": "us"},
        "items": [{"title": "Tee", "unit_price": 10.5, "quantity": 2.0, "metadata": {"a": [1]}}],
        "no_notification_order": False,
        "shipping_methods": [{"option_id": "so_1", "price": 0}],
        "metadata": {},
    }
    # when
    data = validate_request(DraftOrderCreateReq, body)
    # then
    assert data["items"] == [{"title": "Tee", "unit_price": 10.5, "quantity": 2, "metadata": {"a": [1]}}]
    assert type(data["items"][0]["quantity"]) is int
    assert data["shipping_methods"] == [{"option_id": "so_1", "price": 0}]
    assert data["shipping_address"] == {"country_code": "us"}
    assert data["no_notification_order"] is False


@pytest.mark.parametrize(
    ("quantity", "accepted"),
    [(2, 2), (2.0, 2), (0, 0), (-3, -3), (2**31 - 1, 2**31 - 1)],
)
def test_is_int_accepts_integral_json_numbers(quantity, accepted):
    data = validate_request(ItemReq, {"quantity": quantity})
    assert data["quantity"] == accepted
    assert type(data["quantity"]) is int


@pytest.mark.parametrize("quantity", [1.5, "1", True, False, None, [1], {"n": 1}])
def test_is_int_refuses_anything_else(quantity):
    assert message_for(ItemReq, {"quantity": quantity}) == "quantity must be an integer number"


@pytest.mark.parametrize(("unit_price", "accepted"), [(100, 100), (10.5, 10.5), (-5, -5), (2.0, 2)])
def test_is_number_accepts_finite_json_numbers(unit_price, accepted):
    assert validate_request(ItemReq, {"quantity": 1, "unit_price": unit_price})["unit_price"] == accepted


@pytest.mark.parametrize("unit_price", ["100", True, False, [], {}, float("nan"), float("inf")])
def test_is_number_refuses_strings_booleans_and_non_finite(unit_price):
    assert message_for(ItemReq, {"quantity": 1, "unit_price": unit_price}) == (
        "unit_price must be a number conforming to the specified constraints"
    )


@pytest.mark.parametrize("status", ["weird", "OPEN", "", 1, ["open"]])
def test_enum_message_lists_the_values(status):
    assert message_for(DraftOrderCreateReq, {**VALID, "status": status}) == (
        "status must be one of the following values: open, completed"
    )


@pytest.mark.parametrize("email", ["a@b.dk", "Brand.New@X.dk", "first.last+tag@sub.example.com"])
def test_email_accepts_addresses(email):
    assert validate_request(DraftOrderCreateReq, {**VALID, "email": email})["email"] == email


@pytest.mark.parametrize("email", ["x", "a@", "@b.dk", "a b@c.dk", 12, True, {}])
def test_email_refuses_non_addresses(email):
    assert message_for(DraftOrderCreateReq, {**VALID, "email": email}) == "email must be an email"


def test_strings_are_not_coerced_or_trimmed():
    assert message_for(DraftOrderCreateReq, {**VALID, "region_id": 12}) == "region_id must be a string"
    assert validate_request(DraftOrderCreateReq, {**VALID, "region_id": " r "})["region_id"] == " r "


def test_booleans_and_objects_are_not_coerced():
    assert message_for(DraftOrderCreateReq, {**VALID, "no_notification_order": "true"}) == (
        "no_notification_order must be a boolean value"
    )
    assert message_for(DraftOrderCreateReq, {**VALID, "no_notification_order": 1}) == (
        "no_notification_order must be a boolean value"
    )
    assert message_for(DraftOrderCreateReq, {**VALID, "metadata": "{}"}) == "metadata must be an object"


def test_login_body_wording_as_observed_on_v1():
    assert message_for(LoginReq, {"email": "x"}) == (
        "email must be an email, password should not be empty, password must be a string"
    )
    assert message_for(LoginReq, {"email": "", "password": ""}) == (
        "email should not be empty, email must be an email, password should not be empty"
    )


def test_a_body_that_is_not_an_object():
    assert message_for(DraftOrderCreateReq, ["email"]) == "The request body must be a JSON object"


@pytest.mark.parametrize(
    "metadata",
    [{"note": "a\x00b"}, {"a\x00": 1}, {"deep": [{"x": ["\x00"]}]}],
)
def test_a_null_character_anywhere_in_an_object_is_refused(metadata):
    # given: PostgreSQL's jsonb cannot store \u0000 (departure "NUL characters")
    body = {**VALID, "metadata": metadata}
    # when / then
    assert message_for(DraftOrderCreateReq, body) == "Null characters are not allowed."


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"quantity": 2**31}, "quantity must not be greater than 2147483647"),
        ({"quantity": -(2**31) - 1}, "quantity must not be less than -2147483648"),
        ({"quantity": 1, "unit_price": -12612372847684368}, "unit_price must not be less than -2147483648"),
        ({"quantity": 1, "unit_price": 1e300}, "unit_price must not be greater than 2147483647"),
    ],
)
def test_a_whole_number_no_integer_column_can_hold_is_refused(item, message):
    # given: PostgreSQL's integer columns hold 32 bits (departure "32-bit numbers")
    body = {**VALID, "items": [item]}
    # when / then
    assert message_for(DraftOrderCreateReq, body) == message


def test_the_largest_integers_pass():
    body = {**VALID, "items": [{"quantity": 2**31 - 1, "unit_price": -(2**31)}]}
    assert validate_request(DraftOrderCreateReq, body)["items"] == [{"quantity": 2**31 - 1, "unit_price": -(2**31)}]
