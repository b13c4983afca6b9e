"""factory-boy factories. Anything with totals is built through the services, not by hand."""

from datetime import UTC, datetime

import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    first_name = "Staff"
    last_name = factory.Sequence(lambda n: f"Member {n}")
    role = User.Role.ADMIN
    is_staff = True
    api_token = factory.Sequence(lambda n: f"test_token_{n}")
    password = factory.django.Password("secret_password")


# --- regions -------------------------------------------------------------------------------------------------


def currency(code: str):
    """Currencies are seeded by migration; factories look them up instead of inventing them."""
    from regions.models import Currency

    return Currency.objects.get(code=code)


def country(iso_2: str):
    from regions.models import Country

    return Country.objects.get(iso_2=iso_2)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "regions.Region"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")
    currency = factory.LazyFunction(lambda: currency("usd"))
    tax_rate = 0

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):  # noqa: N805
        """`countries=["us", "ca"]` moves those seeded countries into the region."""
        from regions.models import Country

        if create and extracted:
            Country.objects.filter(iso_2__in=extracted).update(region=obj)

    @factory.post_generation
    def payment_providers(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.payment_providers.set(extracted if extracted is not None else ["manual"])

    @factory.post_generation
    def fulfillment_providers(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.fulfillment_providers.set(extracted if extracted is not None else ["manual"])


def default_profile():
    from regions.models import ShippingProfile

    return ShippingProfile.objects.get(type="default")


class ShippingOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "regions.ShippingOption"

    name = factory.Sequence(lambda n: f"Shipping option {n}")
    region = factory.SubFactory(RegionFactory)
    profile = factory.LazyFunction(default_profile)
    provider_id = "manual"
    price_type = "flat_rate"
    amount = 1000
    data = factory.LazyFunction(dict)


class ShippingOptionRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "regions.ShippingOptionRequirement"

    shipping_option = factory.SubFactory(ShippingOptionFactory)
    type = "min_subtotal"
    amount = 10


# --- customers -----------------------------------------------------------------------------------------------


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "customers.Customer"

    email = factory.Sequence(lambda n: f"customer{n}@example.com")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "customers.Address"

    first_name = "oli"
    last_name = "test"
    country = factory.LazyFunction(lambda: country("us"))


# --- products ------------------------------------------------------------------------------------------------


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "products.Product"

    title = factory.Sequence(lambda n: f"Product {n}")
    status = "published"
    profile = factory.LazyFunction(default_profile)


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "products.ProductVariant"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Variant {n}")
    product = factory.SubFactory(ProductFactory)
    inventory_quantity = 10

    @factory.post_generation
    def prices(obj, create, extracted, **kwargs):  # noqa: N805
        """`prices=[("usd", 8000), ("eur", 7000, region)]`: the variant's money amounts."""
        from products.models import MoneyAmount

        for currency_code, amount, *region in extracted or []:
            MoneyAmount.objects.create(
                variant=obj, currency_id=currency_code, amount=amount, region=region[0] if region else None
            )


# --- discounts -----------------------------------------------------------------------------------------------


class DiscountRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discounts.DiscountRule"

    type = "percentage"
    value = 10
    allocation = "total"


class DiscountFactory(factory.django.DjangoModelFactory):
    """v1's simpleDiscountFactory: a rule (10 % of the total by default) and a code valid in `regions`."""

    class Meta:
        model = "discounts.Discount"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CODE{n}")
    rule = factory.SubFactory(DiscountRuleFactory)
    # A fixed start, not the model's default of the real clock: tests that pin "now" must not depend on the day
    # they run.
    starts_at = datetime(2024, 1, 1, tzinfo=UTC)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.regions.set(extracted)
