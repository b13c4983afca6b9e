"""Every cart in the store's default sales channel, as v1 puts every draft order's cart (issue 12 §6): the carts
made before carts took a channel get the default one. Only null channels change; no row is removed."""

from django.db import migrations


def carts_in_the_default_channel(apps, schema_editor):
    SalesChannel = apps.get_model("products", "SalesChannel")
    Cart = apps.get_model("carts", "Cart")
    default = SalesChannel.objects.filter(is_default=True).values_list("id", flat=True).first()
    if default is not None:
        Cart.objects.filter(sales_channel_id__isnull=True).update(sales_channel_id=default)


class Migration(migrations.Migration):
    dependencies = [
        ("carts", "0004_tax_lines_may_share_a_code"),
        ("products", "0003_default_sales_channel"),
    ]

    operations = [
        migrations.RunPython(carts_in_the_default_channel, migrations.RunPython.noop),
    ]
