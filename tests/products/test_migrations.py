"""The sales-channel migrations: the default channel is made once and holds every product that predates it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor.loader.project_state(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.fixture(autouse=True)
def _migrated_forward_afterwards():
    yield
    migrate()


def test_products_that_predate_channels_land_in_the_new_default_channel():
    # given: the products app before sales channels, with two products
    old = migrate([("products", "0001_initial")])
    profile = old.get_model("regions", "ShippingProfile").objects.get(type="default")
    Product = old.get_model("products", "Product")
    Product.objects.create(id="prod_a", title="A", profile=profile)
    Product.objects.create(id="prod_b", title="B", profile=profile)
    # when
    new = migrate()
    # then
    channel = new.get_model("products", "SalesChannel").objects.get()
    assert (channel.name, channel.description, channel.is_default) == (
        "Default Sales Channel",
        "Created by Medusa",
        True,
    )
    products = new.get_model("products", "Product").objects.filter(sales_channels=channel)
    assert sorted(products.values_list("id", flat=True)) == ["prod_a", "prod_b"]
