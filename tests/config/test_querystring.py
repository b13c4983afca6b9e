"""Query strings parsed as Express's `qs` does, validated with v1's wording (reference "list")."""

from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from config.api.exceptions import exception_response
from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import (
    CommaListField,
    DateComparisonSerializer,
    EnumListField,
    ListQuerySerializer,
    date_comparison_filters,
    parse_query,
)
from config.api.validation import StringField, validate_request


class DraftOrderListQuery(ListQuerySerializer):
    q = StringField()
    status = EnumListField(["open", "completed"])
    created_at = DateComparisonSerializer(required=False)


def validated(query_string: str) -> dict:
    return validate_request(DraftOrderListQuery, parse_query(QueryDict(query_string)))


def refused(query_string: str) -> tuple[int, dict]:
    with pytest.raises(ValidationError) as raised:
        validated(query_string)
    return exception_response(raised.value)


@pytest.mark.parametrize(
    ("query_string", "parsed"),
    [
        ("status[0]=open", {"status": ["open"]}),
        ("status[]=open", {"status": ["open"]}),
        ("status=open", {"status": "open"}),
        ("status[0]=open&status[1]=completed", {"status": ["open", "completed"]}),
        ("status[]=open&status[]=completed", {"status": ["open", "completed"]}),
        ("status=open&status=completed", {"status": ["open", "completed"]}),
        ("created_at[gt]=2020-01-01", {"created_at": {"gt": "2020-01-01"}}),
        ("created_at[gt]=a&created_at[lt]=b", {"created_at": {"gt": "a", "lt": "b"}}),
        ("limit=10&offset=20&q=oli", {"limit": "10", "offset": "20", "q": "oli"}),
        ("status%5B0%5D=open", {"status": ["open"]}),
        ("q=", {"q": ""}),
        ("a]b=1", {}),
    ],
)
def test_parse_query_reads_brackets_as_qs_does(query_string, parsed):
    assert parse_query(QueryDict(query_string)) == parsed


@pytest.mark.parametrize(
    "query_string",
    ["status[0]=open", "status[]=open", "status=open", "status[]=open,completed", "status=open,completed"],
)
def test_status_in_every_form(query_string):
    expected = ["open", "completed"] if "completed" in query_string else ["open"]
    assert validated(query_string) == {"status": expected}


def test_bad_status_value_uses_the_each_wording():
    assert refused("status[]=bad") == (
        400,
        {
            "type": "invalid_data",
            "message": "each value in status must be one of the following values: open, completed",
        },
    )


def test_date_filter_becomes_an_aware_datetime_and_a_queryset_filter():
    # when
    query = validated("created_at[gt]=2020-01-01&created_at[lte]=2020-02-03T04:05:06Z")
    # then
    assert query["created_at"] == {
        "gt": datetime(2020, 1, 1, tzinfo=UTC),
        "lte": datetime(2020, 2, 3, 4, 5, 6, tzinfo=UTC),
    }
    assert date_comparison_filters("created_at", query["created_at"]) == {
        "created_at__gt": datetime(2020, 1, 1, tzinfo=UTC),
        "created_at__lte": datetime(2020, 2, 3, 4, 5, 6, tzinfo=UTC),
    }
    assert date_comparison_filters("created_at", None) == {}


@pytest.mark.parametrize("value", ["notadate", "2020-13-45", "2020-01-01T25:00:00", ""])
def test_bad_date_is_gt_must_be_a_date_instance(value):
    assert refused(f"created_at[gt]={value}") == (
        400,
        {"type": "invalid_data", "message": "gt must be a Date instance"},
    )


def test_unknown_date_operator_and_scalar_date_filter():
    assert refused("created_at[foo]=2020-01-01")[1]["message"] == "property foo should not exist"
    assert refused("created_at=2020-01-01")[1]["message"] == (
        "nested property created_at must be either object or array"
    )


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("limit=abc", "limit must be a number conforming to the specified constraints"),
        ("offset=abc", "offset must be a number conforming to the specified constraints"),
        ("limit[]=1", "limit must be a number conforming to the specified constraints"),
        ("limit=-1", "limit must not be less than 0"),
        ("offset=-1", "offset must not be less than 0"),
        ("foo=bar", "property foo should not exist"),
    ],
)
def test_bad_list_parameters_are_400(query_string, message):
    assert refused(query_string) == (400, {"type": "invalid_data", "message": message})


class ExpandQuery(ListQuerySerializer):
    expand = CommaListField(["cart", "order"])


def test_unknown_expand_names_are_quoted_as_sent_even_with_braces():
    # given: the message is a template for the field's name, and braces the client sent must stay text
    query = parse_query(QueryDict("expand=cart,%7Bx%7D,a%7B"))
    # when
    with pytest.raises(ValidationError) as raised:
        validate_request(ExpandQuery, query)
    # then
    assert exception_response(raised.value) == (
        400,
        {"type": "invalid_data", "message": "expand must only contain: cart, order (unknown: {x}, a{)"},
    )


def test_limit_and_offset_become_numbers_and_bounds():
    # when
    query = validated("limit=10&offset=20")
    # then
    assert query == {"limit": 10, "offset": 20}
    assert page_bounds(query) == (20, 10)


def test_page_bounds_default_and_cap(settings):
    # given
    settings.API_MAX_PAGE_SIZE = 100
    # then
    assert page_bounds({}) == (0, 50)
    assert page_bounds({}, default_limit=20) == (0, 20)
    assert page_bounds({"limit": 5000, "offset": 3}) == (3, 100)
    assert page_bounds({"limit": 0}) == (0, 0)


def test_list_envelope_key_order():
    body = list_envelope("draft_orders", [1], count=7, offset=0, limit=1)
    assert list(body) == ["draft_orders", "count", "offset", "limit"]
    assert body == {"draft_orders": [1], "count": 7, "offset": 0, "limit": 1}


@pytest.mark.urls("tests.config.urls")
def test_a_list_view_reads_qs_style_queries_end_to_end(client):
    # when
    response = client.get("/admin/_probe/list?status[0]=open&status[1]=completed&created_at[gt]=2020-01-01&limit=5")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "limit": 5,
        "status": ["open", "completed"],
        "created_at": {"gt": "2020-01-01T00:00:00Z"},
    }


@pytest.mark.urls("tests.config.urls")
def test_a_list_view_refuses_a_bad_query_with_400_json(client):
    # when
    response = client.get("/admin/_probe/list?limit=abc&foo=1")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "property foo should not exist, limit must be a number conforming to the specified constraints",
    }


def test_a_date_with_any_offset_becomes_utc():
    # given: PostgreSQL refuses offsets beyond ±15:59 (departure "query dates")
    query = validated("created_at[lt]=1587-05-19T23:47:58%2B20:03&created_at[gt]=2020-01-01T10:00:00-05:00")
    # then
    assert query["created_at"] == {
        "lt": datetime(1587, 5, 19, 3, 44, 58, tzinfo=UTC),
        "gt": datetime(2020, 1, 1, 15, 0, tzinfo=UTC),
    }


def test_a_date_before_the_first_utc_instant_is_not_a_date():
    assert refused("created_at[gt]=0001-01-01T00:00:00%2B01:00") == (
        400,
        {"type": "invalid_data", "message": "gt must be a Date instance"},
    )
