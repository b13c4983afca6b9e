import pytest

from products.models import MoneyAmount, Product, ProductOption, ProductOptionValue, ProductVariant
from products.selectors import default_sales_channel
from products.services import product_create, sales_channel_create
from tests.factories import RegionFactory, UserFactory, currency

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def sweater():
    return product_create(
        title="Medusa Sweater",
        options=[{"title": "Size"}],
        variants=[
            {
                "title": "S",
                "sku": "SW-S",
                "prices": [{"currency_code": "usd", "amount": 8000}, {"currency_code": "eur", "amount": 7000}],
                "options": [{"value": "S"}],
            }
        ],
    )


@pytest.mark.parametrize("model", ["product", "productvariant"])
def test_changelist_and_add_pages_render(staff, model):
    # given
    sweater()
    # then
    assert staff.get(f"/staff/products/{model}/").status_code == 200
    assert staff.get(f"/staff/products/{model}/add/").status_code == 200
    assert staff.get(f"/staff/products/{model}/", {"q": "SW-S"}).status_code == 200


def test_product_list_filters_by_status_and_searches_sku(staff):
    # given
    sweater()
    # when
    found = staff.get("/staff/products/product/", {"q": "SW-S"})
    filtered = staff.get("/staff/products/product/", {"status__exact": "published"})
    # then
    assert b"Medusa Sweater" in found.content
    assert b"Medusa Sweater" not in filtered.content


def test_change_pages_show_money_as_staff_read_and_type_it(staff):
    # given
    product = sweater()
    variant = product.variants.get()
    # when
    product_page = staff.get(f"/staff/products/product/{product.pk}/change/")
    variant_page = staff.get(f"/staff/products/productvariant/{variant.pk}/change/")
    # then
    assert product_page.status_code == variant_page.status_code == 200
    assert "$80.00, €70.00" in product_page.content.decode()
    variant_html = variant_page.content.decode()
    assert 'name="prices-1-amount" value="70.00"' in variant_html
    assert "(7000)" not in variant_html


def test_add_product_with_options_through_the_admin_creates_what_the_api_creates(staff, api):
    # given
    form = {
        "title": "Linen Shirt",
        "subtitle": "",
        "description": "",
        "handle": "",
        "status": "draft",
        "discountable": "on",
        "thumbnail": "",
        "metadata": "",
        **management("options", total=1),
        "options-0-title": "Size",
        **management("variants"),
    }
    # when
    response = staff.post("/staff/products/product/add/", form)
    api_made = api.post("/admin/products", {"title": "Linen Shirt 2", "options": [{"title": "Size"}]}, format="json")
    # then
    assert response.status_code == 302
    product = Product.objects.get(title="Linen Shirt")
    expected = api_made.json()["product"]
    assert (product.handle, product.status, product.discountable, product.profile_id) == (
        "linen-shirt",
        expected["status"],
        expected["discountable"],
        expected["profile_id"],
    )
    assert list(product.options.values_list("title", flat=True)) == ["Size"]


def test_add_variant_with_prices_through_the_admin(staff):
    # given
    product = sweater()
    option = product.options.get()
    form = {
        "product": product.pk,
        "title": "M",
        "sku": "SW-M",
        "inventory_quantity": "3",
        "manage_inventory": "on",
        "barcode": "",
        "ean": "",
        "upc": "",
        "metadata": "",
        "option_values": "M",
        **management("prices", total=2),
        "prices-0-currency": "usd",
        "prices-0-amount": "85.00",
        "prices-1-currency": "eur",
        "prices-1-amount": "70",
        "prices-1-min_quantity": "10",
    }
    # when
    response = staff.post("/staff/products/productvariant/add/", form)
    # then
    assert response.status_code == 302
    variant = ProductVariant.objects.get(sku="SW-M")
    assert (variant.product_id, variant.inventory_quantity, variant.variant_rank) == (product.pk, 3, 1)
    assert ProductOptionValue.objects.get(variant=variant).option_id == option.pk
    assert sorted(MoneyAmount.objects.filter(variant=variant).values_list("currency_id", "amount", "min_quantity")) == [
        ("eur", 7000, 10),
        ("usd", 8500, None),
    ]


def test_edit_variant_prices_through_the_admin_replaces_them(staff):
    # given
    variant = sweater().variants.get()
    usd, eur = MoneyAmount.objects.filter(variant=variant).order_by("created_at")
    form = {
        "title": "Small",
        "sku": "SW-S",
        "inventory_quantity": "5",
        "manage_inventory": "on",
        "barcode": "",
        "ean": "",
        "upc": "",
        "metadata": "",
        "option_values": "XS",
        **management("prices", total=3, initial=2),
        "prices-0-id": usd.pk,
        "prices-0-variant": variant.pk,
        "prices-0-currency": "usd",
        "prices-0-amount": "79.00",
        "prices-1-id": eur.pk,
        "prices-1-variant": variant.pk,
        "prices-1-currency": "eur",
        "prices-1-amount": "70.00",
        "prices-1-DELETE": "on",
        "prices-2-currency": "dkk",
        "prices-2-amount": "600.00",
    }
    # when
    response = staff.post(f"/staff/products/productvariant/{variant.pk}/change/", form)
    # then
    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.title == "Small"
    assert sorted(MoneyAmount.objects.filter(variant=variant).values_list("currency_id", "amount")) == [
        ("dkk", 60000),
        ("usd", 7900),
    ]
    assert MoneyAmount.objects.get(pk=usd.pk).amount == 7900
    assert ProductOptionValue.objects.get(variant=variant).value == "XS"


def test_a_refused_variant_shows_the_service_message_and_saves_nothing(staff):
    # given
    product = sweater()
    form = {
        "product": product.pk,
        "title": "Duplicate",
        "sku": "",
        "inventory_quantity": "0",
        "barcode": "",
        "ean": "",
        "upc": "",
        "metadata": "",
        "option_values": "S",
        **management("prices"),
    }
    # when
    response = staff.post("/staff/products/productvariant/add/", form, follow=True)
    # then
    assert "Variant with title S with provided options already exists" in response.content.decode()
    assert ProductVariant.objects.count() == 1


def test_delete_product_through_the_admin_is_the_service_soft_delete(staff):
    # given
    product = sweater()
    # when
    response = staff.post(f"/staff/products/product/{product.pk}/delete/", {"post": "yes"})
    # then
    assert response.status_code == 302
    assert not Product.objects.exists()
    assert not ProductVariant.objects.exists()
    assert Product.all_objects.get(pk=product.pk).deleted_at is not None
    assert ProductOption.all_objects.filter(product=product, deleted_at__isnull=False).count() == 1


def test_a_duplicate_option_is_refused_with_v1s_message_and_saves_nothing(staff):
    # given
    product = sweater()
    option = product.options.get()
    variant = product.variants.get()
    form = {
        "title": product.title,
        "subtitle": "",
        "description": "",
        "handle": product.handle,
        "status": product.status,
        "discountable": "on",
        "thumbnail": "",
        "metadata": "",
        **management("options", total=2, initial=1),
        "options-0-id": option.pk,
        "options-0-product": product.pk,
        "options-0-title": "Size",
        "options-1-title": "Size",
        **management("variants", total=1, initial=1),
        "variants-0-id": variant.pk,
        "variants-0-product": product.pk,
        "variants-0-title": variant.title,
        "variants-0-sku": variant.sku,
        "variants-0-inventory_quantity": variant.inventory_quantity,
        "variants-0-manage_inventory": "on",
    }
    # when
    response = staff.post(f"/staff/products/product/{product.pk}/change/", form, follow=True)
    # then
    assert "An option with the title: Size already exists" in response.content.decode()
    assert ProductOption.objects.filter(product=product).count() == 1


def variant_form(product, **prices):
    return {
        "product": product.pk,
        "title": "M",
        "sku": "SW-M",
        "inventory_quantity": "0",
        "barcode": "",
        "ean": "",
        "upc": "",
        "metadata": "",
        "option_values": "M",
        **management("prices", total=len(prices) // 3),
        **prices,
    }


def test_variant_prices_are_typed_in_their_currency_or_their_regions(staff):
    # given
    product = sweater()
    japan = RegionFactory(name="Japan", currency=currency("jpy"))
    form = variant_form(
        product,
        **{"prices-0-currency": "kwd", "prices-0-region": "", "prices-0-amount": "12.345"},
        **{"prices-1-currency": "", "prices-1-region": japan.pk, "prices-1-amount": "1,200"},
        # a region price is in the region's currency, whatever the row's currency says (as the service decides)
        **{"prices-2-currency": "usd", "prices-2-region": japan.pk, "prices-2-amount": "900"},
    )
    form["prices-2-min_quantity"] = "10"
    # when
    response = staff.post("/staff/products/productvariant/add/", form)
    # then
    assert response.status_code == 302
    variant = ProductVariant.objects.get(sku="SW-M")
    assert sorted(MoneyAmount.objects.filter(variant=variant).values_list("currency_id", "region_id", "amount")) == [
        ("jpy", japan.pk, 900),
        ("jpy", japan.pk, 1200),
        ("kwd", None, 12345),
    ]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            {"prices-0-currency": "eur", "prices-0-amount": "70.001"},
            {"amount": ["EUR amounts have at most 2 decimals."]},
        ),
        ({"prices-0-currency": "eur", "prices-0-amount": "70,00"}, {"amount": ["Enter an amount such as 1,234.50."]}),
        (
            {"prices-0-currency": "", "prices-0-amount": "70"},
            {"amount": ["Choose a currency or a region: the amount is in its currency."]},
        ),
    ],
)
def test_a_mistyped_price_is_shown_on_its_row_and_nothing_is_saved(staff, row, errors):
    # given
    product = sweater()
    form = variant_form(product, **{"prices-0-region": "", **row})
    # when
    response = staff.post("/staff/products/productvariant/add/", form)
    # then
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [errors]
    assert not ProductVariant.objects.filter(sku="SW-M").exists()


def test_price_rows_tag_regions_and_currencies_for_the_box_beside_the_amount(staff):
    # given
    japan = RegionFactory(name="Japan", currency=currency("jpy"))
    # when
    page = staff.get("/staff/products/productvariant/add/").content.decode()
    # then
    assert f'<option value="{japan.pk}" data-currency="JPY">Japan</option>' in page
    assert '<option value="kwd" data-currency="KWD">' in page
    assert 'data-currency-from="region currency"' in page
    assert "/static/config/money_input.js" in page


def test_add_product_with_a_type_lands_in_the_default_channel_as_over_the_api(staff):
    # given
    form = {
        "title": "Linen Shirt",
        "status": "draft",
        "discountable": "on",
        "type_value": "Shirts",
        **management("options"),
        **management("variants"),
    }
    # when
    response = staff.post("/staff/products/product/add/", form)
    # then
    assert response.status_code == 302
    product = Product.objects.get(title="Linen Shirt")
    assert product.type.value == "Shirts"
    assert list(product.sales_channels.all()) == [default_sales_channel()]


def test_the_default_sales_channel_is_read_only_in_the_admin(staff):
    # given
    default, web = default_sales_channel(), sales_channel_create(name="Web")
    # when
    default_page = staff.get(f"/staff/products/saleschannel/{default.pk}/change/")
    refused = staff.post(f"/staff/products/saleschannel/{default.pk}/change/", {"name": "Renamed"})
    changed = staff.post(f"/staff/products/saleschannel/{web.pk}/change/", {"name": "Online", "is_disabled": "on"})
    # then
    assert default_page.status_code == 200
    assert b'name="name"' not in default_page.content
    assert refused.status_code == 403
    assert default_sales_channel().name == "Default Sales Channel"
    assert changed.status_code == 302
    web.refresh_from_db()
    assert (web.name, web.is_disabled) == ("Online", True)
