"""The store's default sales channel, as v1 creates it at first start, holding every product that exists."""

from django.db import migrations

from config.ids import generate_id


def create_default_channel(apps, schema_editor):
    SalesChannel = apps.get_model("products", "SalesChannel")
    Product = apps.get_model("products", "Product")
    if SalesChannel.objects.filter(is_default=True).exists():
        return
    channel = SalesChannel.objects.create(
        id=generate_id("sc"), name="Default Sales Channel", description="Created by Medusa", is_default=True
    )
    # a product created without channels is in the default one (v1): so are the ones that predate channels
    Link = Product.sales_channels.through
    Link.objects.bulk_create(
        Link(product_id=product_id, saleschannel_id=channel.id)
        for product_id in Product.objects.values_list("id", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0002_types_and_sales_channels"),
    ]

    operations = [
        migrations.RunPython(create_default_channel, migrations.RunPython.noop),
    ]
