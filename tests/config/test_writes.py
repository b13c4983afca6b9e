"""Writes sent together (config.writes): on PostgreSQL a block's writes are one statement and store what the ORM
stores; on SQLite each goes at once; counts, keys and what follows them are known when the block ends."""

import pytest
from django.db import IntegrityError, connection, transaction

from carts.models import LineItem, LineItemTaxLine
from config import writes
from config.writes import column_saved, row_save, rows_delete, rows_insert, rows_update, then, writes_together
from draft_orders.models import DraftOrder, DraftOrderTag
from events.models import Event
from tests.budget import budget

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def an_event(**values) -> Event:
    return Event(type="test.done", resource_type="test", resource_id="r1", data={"n": 1}, **values)


def test_a_block_of_writes_is_one_statement_on_postgresql_and_stores_what_the_orm_stores(
    seed, django_assert_num_queries
):
    # given: new rows (one with its key made here, one taking the database's), rows to change and rows to delete
    item = LineItem.objects.get(pk="test-item")
    tax_line, event = LineItemTaxLine(item=item, rate=12.5, name="VAT", code="vat"), an_event()
    DraftOrderTag.objects.create(draft_order_id="test-draft-order", name="old")

    # when
    with django_assert_num_queries(budget(postgresql=1, sqlite=4)), writes_together():
        rows_insert([tax_line])
        rows_insert([event])
        renamed = rows_update(LineItem.objects.filter(cart_id="test-cart"), title="renamed")
        deleted = rows_delete(DraftOrderTag.objects.filter(draft_order_id="test-draft-order", name="old"))

    # then: stored as made, the database's key and the counts known, the rows saved
    stored = LineItemTaxLine.objects.get(pk=tax_line.pk)
    assert (stored.item_id, stored.rate, stored.name, stored.code) == ("test-item", 12.5, "VAT", "vat")
    assert stored.created_at == tax_line.created_at is not None  # auto_now_add set on the row given, as the ORM does
    assert event.seq is not None and Event.objects.get(seq=event.seq).id == event.id
    assert (renamed.rows, deleted.rows) == (LineItem.objects.filter(cart_id="test-cart").count(), 1)
    assert set(LineItem.objects.filter(cart_id="test-cart").values_list("title", flat=True)) == {"renamed"}
    assert not DraftOrderTag.objects.filter(name="old").exists()
    assert not tax_line._state.adding and not event._state.adding


def test_a_row_may_refer_to_one_inserted_beside_it(seed):
    # given: a new line and a tax line of it
    line = LineItem(cart_id="test-cart", title="new", unit_price=100, quantity=1)
    tax_line = LineItemTaxLine(item=line, rate=10, name="VAT", code="vat")

    # when
    with writes_together():
        rows_insert([line])
        rows_insert([tax_line])

    # then: the foreign key holds where the database checks it
    connection.check_constraints()
    assert LineItemTaxLine.objects.get(pk=tax_line.pk).item_id == line.pk


def test_what_needs_the_answers_runs_after_the_block_is_sent(seed):
    # given
    seen, lines = [], LineItem.objects.filter(cart_id="test-cart").count()

    # when
    with writes_together():
        renamed = rows_update(LineItem.objects.filter(cart_id="test-cart"), title="renamed")
        event = an_event()
        rows_insert([event])
        then(lambda: seen.append((renamed.rows, event.seq is not None)))
        # then: on PostgreSQL nothing has been sent yet; elsewhere each went at once
        assert seen == ([] if POSTGRESQL else [(lines, True)])
        assert (renamed.rows is None) is POSTGRESQL

    # then
    assert seen == [(lines, True)]


def test_a_block_inside_another_joins_it(seed, django_assert_num_queries):
    # given
    first, second = an_event(), an_event()

    # when
    with django_assert_num_queries(budget(postgresql=1, sqlite=2)), writes_together():
        rows_insert([first])
        with writes_together():
            rows_insert([second])
        # then: the inner block sent nothing of its own on PostgreSQL
        assert (second.seq is None) is POSTGRESQL

    # then
    assert Event.objects.filter(seq__in=[first.seq, second.seq]).count() == 2


def test_a_block_that_raises_writes_nothing(seed, django_assert_num_queries):
    # given
    event = an_event()

    # when
    with (
        pytest.raises(RuntimeError),
        transaction.atomic(),
        django_assert_num_queries(0 if POSTGRESQL else 1),
        writes_together(),
    ):
        rows_insert([event])
        raise RuntimeError("refused")

    # then
    assert not Event.objects.filter(id=event.id).exists()


def test_a_write_of_no_rows_sends_nothing(seed, django_assert_num_queries):
    # when
    with django_assert_num_queries(0), writes_together():
        rows_insert([])
        counted = rows_update(LineItem.objects.filter(pk__in=[]), title="x")
        deleted = rows_delete(LineItem.objects.filter(pk__in=[]))

    # then
    assert (counted.rows, deleted.rows) == (0, 0)


def test_a_saved_row_sends_the_fields_named_and_takes_its_auto_now_values(seed):
    # given: a change to two fields, one of them not named
    draft = DraftOrder.objects.get(pk="test-draft-order")
    before, unnamed = draft.updated_at, draft.no_notification_order
    draft.note, draft.no_notification_order = "paid by phone", not unnamed

    # when
    with writes_together():
        row_save(draft, ["note", "updated_at"])

    # then
    stored = DraftOrder.objects.get(pk="test-draft-order")
    assert (stored.note, stored.no_notification_order) == ("paid by phone", unnamed)
    assert stored.updated_at == draft.updated_at > before


def test_a_refusal_of_the_database_is_the_orm_s_error(seed):
    # given: a tax line whose key is taken
    taken = LineItemTaxLine.objects.create(item_id="test-item", rate=1, name="one", code="one")

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic(), writes_together():
        rows_insert([LineItemTaxLine(id=taken.pk, item_id="test-item", rate=2, name="two", code="two")])


def test_a_statement_that_goes_at_once_sends_what_waits_before_it(seed, django_assert_num_queries):
    # given
    with django_assert_num_queries(2), writes_together():
        renamed = rows_update(LineItem.objects.filter(cart_id="test-cart"), title="renamed")
        # when: a read inside the block
        titles = set(LineItem.objects.filter(cart_id="test-cart").values_list("title", flat=True))
        # then: it sees the write, sent before it
        assert titles == {"renamed"}
        assert renamed.rows is not None


def test_a_write_that_must_see_a_waiting_one_sends_it_first(seed, django_assert_num_queries):
    # given: a new line waits
    line = LineItem(cart_id="test-cart", title="new", unit_price=100, quantity=1)
    lines = LineItem.objects.filter(cart_id="test-cart").count() + 1

    # when: an update of the lines it is one of
    with django_assert_num_queries(2), writes_together():
        rows_insert([line])
        renamed = rows_update(LineItem.objects.filter(cart_id="test-cart"), title="renamed")

    # then: the update saw it, as it would have one write after the other
    assert renamed.rows == lines
    assert LineItem.objects.get(pk=line.pk).title == "renamed"


def test_a_savepoint_rolled_back_inside_a_block_undoes_what_waited_in_it(seed):
    # given
    kept, undone = an_event(), an_event()

    # when
    with writes_together():
        rows_insert([kept])
        try:
            with transaction.atomic():
                rows_insert([undone])
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    # then
    assert Event.objects.filter(id=kept.id).exists()
    assert not Event.objects.filter(id=undone.id).exists()


def test_a_column_saved_alone_is_one_update_of_that_column(seed, django_assert_num_queries):
    # given: the draft order read, and another change to the row meanwhile
    draft_order = DraftOrder.objects.get(pk="test-draft-order")
    DraftOrder.objects.filter(pk=draft_order.pk).update(note="written meanwhile")
    draft_order.version += 5
    draft_order.note = "not saved"
    # when: at once, and in a block
    with django_assert_num_queries(1):
        column_saved(draft_order, "version")
    draft_order.version += 1
    with django_assert_num_queries(budget(postgresql=1, sqlite=2)), writes_together():
        column_saved(draft_order, "version")
        rows_insert([an_event()])
    # then: that column only
    assert DraftOrder.objects.values_list("version", "note").get(pk=draft_order.pk) == (
        draft_order.version,
        "written meanwhile",
    )


def test_a_read_or_lock_of_other_tables_goes_ahead_of_what_waits(seed, django_assert_num_queries):
    # given: a line's change waits
    with django_assert_num_queries(4), writes_together():
        renamed = rows_update(LineItem.objects.filter(cart_id="test-cart"), title="renamed")
        # when: a read and a lock of other tables
        assert DraftOrder.objects.filter(pk="test-draft-order").exists()
        list(Event.objects.select_for_update().filter(resource_id="nobody"))
        # then: the change still waits on PostgreSQL (they saw what they would have seen after it)
        assert (renamed.rows is None) is POSTGRESQL
        # when: a lock of the lines
        list(LineItem.objects.select_for_update().filter(cart_id="test-cart"))
        # then: what waited went before it
        assert renamed.rows is not None


def test_writes_beyond_the_parameters_one_statement_takes_go_in_more(seed, django_assert_num_queries, monkeypatch):
    # given: room for two events' values in a statement (twelve each)
    monkeypatch.setattr(writes, "parameters_limit", lambda connection: 30)
    events = [an_event() for _ in range(3)]

    # when
    with django_assert_num_queries(budget(postgresql=2, sqlite=3)), writes_together():
        for event in events:
            rows_insert([event])

    # then
    assert Event.objects.filter(seq__in=[event.seq for event in events]).count() == 3


def test_what_a_rolled_back_savepoint_registered_to_follow_the_writes_does_not_run(seed):
    # given
    ran = []

    # when
    with writes_together():
        then(lambda: ran.append("kept"))
        try:
            with transaction.atomic():
                rows_insert([an_event()])
                then(lambda: ran.append("undone"))
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    # then: on PostgreSQL the step waited and went with the savepoint; elsewhere it ran at once, and what it wrote was
    # undone with the savepoint
    assert ran == (["kept"] if POSTGRESQL else ["kept", "undone"])
