"""Prepared queries and fetched rows (config.prepared): the same rows as the ORM, and nothing run by mistake."""

import pytest

from carts.models import LineItem
from carts.selectors import _ITEMS, cart_relations_fetch
from config.prepared import PreparedCount, PreparedQuery, instance_maker, prefetched
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


def test_any_of_takes_its_values_as_one_parameter_and_answers_what_in_answers(seed):
    # given
    other = LineItem.objects.create(cart=seed.cart, title="other", unit_price=1, quantity=1)
    queryset = LineItem.objects.filter(cart_id__any_of=["test-cart", "no-such-cart"])
    # when
    _, params = queryset.query.get_compiler(using="default").as_sql()
    # then
    assert len(params) == 1
    assert list(queryset) == list(LineItem.objects.filter(cart_id__in=["test-cart", "no-such-cart"]))
    assert other in queryset
    assert list(LineItem.objects.filter(cart_id__any_of=[])) == []


def test_a_prepared_query_over_a_list_of_ids_runs_one_statement_whatever_their_number(seed):
    # given
    by_carts = PreparedQuery(lambda cart_ids: LineItem.objects.filter(cart_id__any_of=cart_ids))
    # when
    one = by_carts.statement(["test-cart"])
    three = by_carts.statement(["test-cart", "a", "b"])
    # then: the same SQL, and the rows the ORM answers
    assert one[1] == three[1]
    assert by_carts(["test-cart", "a"]) == list(LineItem.objects.filter(cart_id="test-cart"))
    assert by_carts([]) == []


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


def test_a_paged_prepared_query_and_its_count_answer_the_querysets_slice_and_count(seed):
    # given
    for number in range(3):
        LineItem.objects.create(cart=seed.cart, title=f"line {number}", unit_price=1, quantity=1)

    def build(titles):
        return LineItem.objects.filter(title__any_of=titles).order_by("title")

    titles = ["line 0", "line 1", "line 2", "Line Item"]
    # when
    page = PreparedQuery(build, paged=True)(titles, 1, 2)
    count = PreparedCount(build)(titles)
    # then
    assert page == list(build(titles)[1:3])
    assert count == build(titles).count() == 4
