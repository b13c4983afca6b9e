"""Moving the cart models from draft_orders to carts keeps every row: a database at the migrations before the
move, holding draft orders, carts and a paid order, migrates forward with no row lost or changed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from carts.services import ItemInput, ShippingMethodInput
from draft_orders.services import draft_order_create, draft_order_mark_paid

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [("carts", None)]  # unapplies the move and what depends on it
AFTER_THE_MOVE = [
    ("carts", "0002_plain_order_and_payment_ids"),
    ("orders", "0002_carts"),
    ("draft_orders", "0003_carts"),
]
TABLE_PREFIXES = ("draft_orders_", "orders_")
MOVED = {"cart", "lineitem", "lineitemadjustment", "lineitemtaxline", "shippingmethod", "shippingmethodtaxline"}


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def rows() -> dict[str, list[dict]]:
    """Every row of the draft-order, cart and order tables, by table, as column → value."""
    tables = [name for name in connection.introspection.table_names() if name.startswith(TABLE_PREFIXES)]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            columns = [column[0] for column in cursor.description]
            snapshot[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return snapshot


def content_types() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, app_label, model FROM django_content_type WHERE app_label IN ('carts', 'draft_orders')"
        )
        return {model: (type_id, app_label) for type_id, app_label, model in cursor.fetchall()}


@pytest.fixture(autouse=True)
def _migrated_forward_afterwards():
    """The other tests need every migration, even when this one fails half way."""
    yield
    migrate()


def test_the_move_keeps_every_row_of_draft_orders_carts_and_orders(seed):
    # given: a database before the move, holding an open and a paid draft order with discounts, custom
    # shipping prices, adjustments, tax lines, a payment and its order
    for _ in range(2):
        draft_order = draft_order_create(
            email="oli@test.dk",
            customer_id="oli-test",
            region_id="test-region",
            shipping_address="oli-shipping",
            items=[ItemInput(variant_id="test-variant", quantity=1), ItemInput(title="Gift wrap", quantity=2)],
            shipping_methods=[ShippingMethodInput(option_id="test-option", price=500)],
            discounts=["TEST"],
        ).draft_order
    draft_order_mark_paid(draft_order_id=draft_order.id)
    migrate(BEFORE_THE_MOVE)
    before, types_before = rows(), content_types()

    # when
    migrate(AFTER_THE_MOVE)

    # then: the same tables, rows and values; the moved models' content types now belong to carts
    after, types_after = rows(), content_types()
    assert after == before
    assert {table: len(table_rows) for table, table_rows in after.items() if table_rows} == {
        "draft_orders_cart": 3,
        "draft_orders_cart_discounts": 2,
        "draft_orders_customshippingoption": 2,
        "draft_orders_draftorder": 3,
        "draft_orders_draftorderdisplayid": 3,
        "draft_orders_lineitem": 5,
        "draft_orders_lineitemadjustment": 2,
        "draft_orders_lineitemtaxline": 2,
        "draft_orders_shippingmethod": 2,
        "draft_orders_shippingmethodtaxline": 1,
        "orders_order": 1,
        "orders_order_discounts": 1,
        "orders_orderdisplayid": 1,
        "orders_payment": 1,
        "orders_paymentsession": 1,
    }
    assert {model: types_after[model] for model in MOVED} == {
        model: (types_before[model][0], "carts") for model in MOVED
    }
