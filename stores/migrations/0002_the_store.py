"""The one store, as v1 creates it at first start (name "Medusa Store", default currency usd)."""

from django.db import migrations

from config.ids import generate_id


def create_store(apps, schema_editor):
    Store = apps.get_model("stores", "Store")
    if not Store.objects.exists():
        Store.objects.create(id=generate_id("store"), name="Medusa Store", default_currency_id="usd")


class Migration(migrations.Migration):
    dependencies = [
        ("stores", "0001_initial"),
        ("regions", "0002_seed"),
    ]

    operations = [
        migrations.RunPython(create_store, migrations.RunPython.noop),
    ]
