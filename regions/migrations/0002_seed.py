"""Seed what Medusa v1 creates at startup (loaders/defaults.ts): currencies, countries, providers, profiles."""

from django.core.management.color import no_style
from django.db import migrations

from regions.seed_data import COUNTRIES, CURRENCIES

PAYMENT_PROVIDERS = ("system", "manual")
FULFILLMENT_PROVIDERS = ("manual",)
SHIPPING_PROFILES = (("Default Shipping Profile", "default"), ("Gift Card Profile", "gift_card"))


def seed(apps, schema_editor):
    Currency = apps.get_model("regions", "Currency")
    Country = apps.get_model("regions", "Country")
    PaymentProvider = apps.get_model("regions", "PaymentProvider")
    FulfillmentProvider = apps.get_model("regions", "FulfillmentProvider")
    ShippingProfile = apps.get_model("regions", "ShippingProfile")

    Currency.objects.bulk_create(
        Currency(code=code.lower(), symbol=symbol, symbol_native=native, name=name)
        for code, symbol, native, name in CURRENCIES
    )
    # Explicit ids 1..250 in v1's insertion order, so a country has the id v1 gives it (us = 236).
    Country.objects.bulk_create(
        Country(
            id=index,
            iso_2=alpha2.lower(),
            iso_3=alpha3.lower(),
            num_code=int(numeric),
            name=name.upper(),
            display_name=name,
        )
        for index, (alpha2, alpha3, numeric, name) in enumerate(COUNTRIES, start=1)
    )
    PaymentProvider.objects.bulk_create(PaymentProvider(id=pid, is_installed=True) for pid in PAYMENT_PROVIDERS)
    FulfillmentProvider.objects.bulk_create(
        FulfillmentProvider(id=fid, is_installed=True) for fid in FULFILLMENT_PROVIDERS
    )
    for name, profile_type in SHIPPING_PROFILES:
        ShippingProfile.objects.create(name=name, type=profile_type)

    # Explicit ids leave PostgreSQL's sequence at 1; move it past them.
    for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Country]):
        schema_editor.execute(statement)


def unseed(apps, schema_editor):
    for model in ("ShippingProfile", "FulfillmentProvider", "PaymentProvider", "Country", "Currency"):
        apps.get_model("regions", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
