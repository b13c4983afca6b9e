"""The API's JSON renderer writes exactly what REST framework's JSONRenderer writes, faster."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from rest_framework.renderers import JSONRenderer

from config.api.renderers import FastJSONRenderer

SAMPLES = [
    {"draft_order": {"id": "dorder_1", "total": 4900, "raw_discount_total": 444.4444444444444, "metadata": None}},
    {"b": 1, "a": [1, 2.5, 0.1 + 0.2, -0.0, 0.0001, 123456789012345.6, 2**53 + 1, True, False, None], "c": {}},
    {"text": 'Grüße, ¥8000, 你好, emoji 🎉, quote " backslash \\ slash / tab\t newline\n bell\x07 del\x7f'},
    {"separators": "line\u2028paragraph\u2029end"},
    [{"nested": [{"deep": [[], {}]}]}],
    {"decimal": Decimal("12.50")},
    {"lazy": lazy(lambda: "a lazy string", str)()},
    {"empty": ""},
    {"when": datetime(2026, 12, 4, 12, 0, 1, 234567, tzinfo=UTC), "day": date(2026, 12, 4)},
    {"metadata": {"big": -807548127602473959424, "bigger": 2**64}},  # past orjson's 64 bits (found by fuzzing)
]


@pytest.mark.parametrize("data", SAMPLES)
def test_it_renders_the_same_bytes_as_rest_frameworks_renderer(data):
    # when / then
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_nothing_renders_as_an_empty_body():
    assert FastJSONRenderer().render(None) == b"" == JSONRenderer().render(None)


def test_a_small_fraction_is_written_in_plain_digits_as_javascript_writes_it():
    # given: a fixed discount of 1 cent spread over a large total leaves such shares; v1's JSON.stringify writes
    # 0.00005 where Python's json module wrote 5e-05
    data = {"amount": 5e-05}
    # when / then
    assert FastJSONRenderer().render(data) == b'{"amount":0.00005}'


def test_a_float_that_is_not_finite_is_null_never_nan():
    assert FastJSONRenderer().render({"x": float("nan"), "y": float("inf")}) == b'{"x":null,"y":null}'
