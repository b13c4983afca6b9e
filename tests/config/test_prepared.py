"""Prepared queries and fetched rows (config.prepared): the same rows as the ORM, and nothing run by mistake."""

import pytest
from django.db import models

from carts.models import LineItem, LineItemAdjustment, LineItemTaxLine
from carts.selectors import _ADJUSTMENTS, _ITEM_TAX_LINES, _ITEMS, _SHIPPING_METHODS, cart_relations_fetch
from config.prepared import (
    PreparedCount,
    PreparedQuery,
    instance_maker,
    prefetched,
    read_ahead,
    run_together,
)
from draft_orders.selectors import draft_order_get, draft_order_queryset

pytestmark = pytest.mark.django_db


def test_a_prepared_query_answers_the_rows_its_queryset_answers_run_after_run(seed, django_assert_num_queries):
    # given
    expected = list(LineItem.objects.filter(cart_id="test-cart").select_related("variant__product__profile"))
    # when: compiled on the first run, then reused
    first = _ITEMS("test-cart")
    with django_assert_num_queries(1):
        again = _ITEMS("test-cart")
    # then: equal rows, and the joined relations filled without a query
    assert first == again == expected
    with django_assert_num_queries(0):
        assert again[0].variant.product.profile.name == expected[0].variant.product.profile.name


def test_a_draft_order_read_with_prepared_queries_equals_the_orm_read(seed):
    # given
    orm = draft_order_queryset().get(pk="test-draft-order")
    # when
    prepared = draft_order_get("test-draft-order")
    # then
    relations = ("items", "shipping_methods", "discounts", "custom_shipping_options", "payments", "payment_sessions")
    for relation in relations:
        assert list(getattr(prepared.cart, relation).all()) == list(getattr(orm.cart, relation).all()), relation


def test_fetched_rows_refuse_to_query_further_instead_of_touching_the_whole_table(seed):
    # given: another cart's line, and a cart whose lines were fetched
    other = LineItem.objects.create(cart=seed.cart, title="other", unit_price=1, quantity=1)
    LineItem.objects.filter(pk=other.pk).update(cart=None, order_id="order_x")
    cart, _ = cart_relations_fetch(draft_order_get("test-draft-order").cart)

    # when / then
    for attempt in (
        lambda: cart.items.update(title="changed"),
        lambda: cart.items.filter(title="x"),
        lambda: cart.items.all().delete(),
    ):
        with pytest.raises(TypeError, match="cannot be queried further"):
            attempt()
    assert [line.title for line in cart.items.all()] == ["Line Item"]
    assert LineItem.objects.get(pk=other.pk).title == "other"


def test_rows_go_to_their_parent_by_key(seed):
    # given
    items = list(LineItem.objects.filter(cart_id="test-cart"))
    # when
    prefetched([seed.cart], "items", items, key="cart_id")
    # then
    assert list(seed.cart.items.all()) == items
    assert seed.cart.items.count() == len(items)


def test_a_list_parameter_is_compiled_once_per_length_and_an_empty_one_finds_nothing_without_a_query(
    seed, django_assert_num_queries
):
    # given
    by_ids = PreparedQuery(lambda ids: LineItem.objects.filter(pk__in=ids).order_by("id"))
    LineItem.objects.create(cart=seed.cart, title="second", unit_price=1, quantity=1)
    lines = sorted(LineItem.objects.filter(cart=seed.cart), key=lambda line: line.id)
    ids = [line.id for line in lines]
    # when / then: the rows of the ids given, whatever their number
    assert by_ids(ids) == lines
    assert by_ids(ids[:1]) == lines[:1]
    assert by_ids([ids[1], ids[0]]) == lines
    with django_assert_num_queries(0):
        assert by_ids([]) == []


def test_instances_made_without_init_equal_the_orms_field_for_field(seed):
    # given
    fields = [field.attname for field in LineItem._meta.concrete_fields]
    expected = LineItem.objects.get(cart_id="test-cart")
    # when
    (made,) = PreparedQuery(lambda cart_id: LineItem.objects.filter(cart_id=cart_id))("test-cart")
    # then
    assert [getattr(made, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert (made._state.adding, made._state.db) == (False, "default")
    assert made.cart == seed.cart


def test_instances_of_some_of_the_columns_are_made_by_from_db_with_the_rest_deferred(seed):
    # given
    make = instance_maker(LineItem, ["id", "title"])
    # when
    line = make("default", ("x", "Line"))
    # then
    assert line.get_deferred_fields() == {f.attname for f in LineItem._meta.concrete_fields} - {"id", "title"}


def test_a_paged_prepared_query_and_its_count_answer_the_querysets_slice_and_count(seed, django_assert_num_queries):
    # given
    for number in range(3):
        LineItem.objects.create(cart=seed.cart, title=f"line {number}", unit_price=1, quantity=1)

    def build(titles):
        return LineItem.objects.filter(title__in=titles).order_by("title")

    titles = ["line 0", "line 1", "line 2", "Line Item"]
    # when
    page = PreparedQuery(build, paged=True)(titles, 1, 2)
    count = PreparedCount(build)(titles)
    # then: and no titles, no rows, without a query
    assert page == list(build(titles)[1:3])
    assert count == build(titles).count() == 4
    with django_assert_num_queries(0):
        assert (PreparedQuery(build, paged=True)([], 0, 2), PreparedCount(build)([])) == ([], 0)


# --- run_together: one statement, each value as the driver gives it ----------------------------------------------


def _values(instance: models.Model) -> dict:
    """Every column's value, its type and time zone, and those of the relations joined to it, recursively."""
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        values[field.attname] = (type(value), value, getattr(value, "tzinfo", None))
    for name, related in instance._state.fields_cache.items():
        values[name] = None if related is None else _values(related)
    return values


def test_queries_run_together_are_one_statement_answering_what_each_answers_alone(seed, django_assert_num_queries):
    # given: values JSON would bend: floats that need 17 digits or are infinite, nested metadata with text beyond
    # ASCII and quotes, nulls, times to the microsecond; the lines come with their variant, product, profile, type
    # and price list (over 50 columns a row); no shipping methods (an empty answer) and a count
    item = LineItem.objects.get(cart_id="test-cart")
    LineItemAdjustment.objects.create(
        item=item, description="d", amount=800 / 3, metadata={"ä": [1, None, {"x": "☃\"'"}]}
    )
    LineItemAdjustment.objects.create(item=item, description="e", amount=0.1 + 0.2, metadata=None)
    LineItemAdjustment.objects.create(item=item, description="f", amount=float("-inf"), metadata=None)
    LineItemTaxLine.objects.create(item=item, rate=12.345678901234567, name="VAT", code=None, metadata={})
    count = PreparedCount(lambda cart_id: LineItemAdjustment.objects.filter(item__cart_id=cart_id))
    calls = [(_ITEMS, ("test-cart",)), (_ADJUSTMENTS, ("test-cart",)), (_ITEM_TAX_LINES, ("test-cart",)),
             (_SHIPPING_METHODS, ("test-cart",)), (count, ("test-cart",))]  # fmt: skip
    alone = [query(*values) for query, values in calls]
    # when
    with django_assert_num_queries(1):
        together = run_together(*calls)
    # then
    assert [[_values(row) for row in rows] for rows in together[:4]] == [
        [_values(row) for row in rows] for rows in alone[:4]
    ]
    assert together[4] == alone[4] == 3
    assert [adjustment.amount for adjustment in together[1]] == [800 / 3, 0.1 + 0.2, float("-inf")]
    assert together[2][0].rate == 12.345678901234567


def test_a_locking_query_run_with_others_is_sent_alone_before_them(seed, django_assert_num_queries):
    # given
    locked = PreparedQuery(lambda cart_id: LineItem.objects.select_for_update().filter(cart_id=cart_id))
    # when
    with django_assert_num_queries(2) as captured:
        lines, adjustments = run_together((locked, ("test-cart",)), (_ADJUSTMENTS, ("test-cart",)))
    # then
    assert "FOR UPDATE" in captured.captured_queries[0]["sql"] or captured.connection.vendor == "sqlite"
    assert [line.id for line in lines] == [line.id for line in LineItem.objects.filter(cart_id="test-cart")]
    assert adjustments == []


def test_reads_ahead_go_with_the_blocks_first_statement_and_answer_once(seed, django_assert_num_queries):
    # given
    tax_lines = (_ITEM_TAX_LINES, ("test-cart",))
    locked = PreparedQuery(lambda cart_id: LineItem.objects.select_for_update().filter(cart_id=cart_id))
    with read_ahead(tax_lines, (_SHIPPING_METHODS, ("other-cart",))):
        # when: a locking read does not take them; the next read does, in its one statement
        with django_assert_num_queries(1):
            locked("test-cart")
        with django_assert_num_queries(1):
            (items,) = run_together((_ITEMS, ("test-cart",)))
        LineItemTaxLine.objects.create(item=items[0], rate=5, name="later")
        # then: answered as that statement saw them, without a query, once
        with django_assert_num_queries(0):
            assert _ITEM_TAX_LINES("test-cart") == []
        with django_assert_num_queries(1):
            assert [line.name for line in _ITEM_TAX_LINES("test-cart")] == ["later"]
    # and outside the block, nothing is kept
    with django_assert_num_queries(1):
        _SHIPPING_METHODS("other-cart")


def test_queries_run_together_keep_each_statement_within_the_databases_parameter_limit(
    seed, django_assert_num_queries, monkeypatch
):
    # given: a database that takes 2 parameters a statement, and three queries of one
    monkeypatch.setattr("config.prepared.parameters_limit", lambda connection: 2)
    calls = [(_ITEMS, ("test-cart",)), (_ADJUSTMENTS, ("test-cart",)), (_ITEM_TAX_LINES, ("test-cart",))]
    alone = [query(*values) for query, values in calls]
    # when
    with django_assert_num_queries(2):
        together = run_together(*calls)
    # then
    assert together == alone


def test_reads_ahead_answered_before_a_lock_are_read_again_after_it(seed, django_assert_num_queries):
    # given: a read ahead answered with the block's first statement
    locked = PreparedQuery(lambda cart_id: LineItem.objects.select_for_update().filter(cart_id=cart_id))
    with read_ahead((_ITEM_TAX_LINES, ("test-cart",))):
        (items,) = run_together((_ITEMS, ("test-cart",)))
        LineItemTaxLine.objects.create(item=items[0], rate=5, name="committed while we waited for the lock")
        # when: a lock is taken, then the next statement
        locked("test-cart")
        with django_assert_num_queries(1):
            _SHIPPING_METHODS("test-cart")
        # then: the read went again with that statement, and answers what was there after the lock
        with django_assert_num_queries(0):
            assert [line.name for line in _ITEM_TAX_LINES("test-cart")] == ["committed while we waited for the lock"]
