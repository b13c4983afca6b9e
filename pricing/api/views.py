from dataclasses import dataclass

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import page_bounds
from config.api.querystring import date_comparison_filters
from config.api.serializers import deleted_body
from config.api.validation import ids_of
from config.api.views import MedusaAPIView
from pricing import services
from pricing.api.serializers import (
    AdminDeletePriceListPricesPricesReq,
    AdminDeleteTaxRatesTaxRateProductsReq,
    AdminDeleteTaxRatesTaxRateProductTypesReq,
    AdminDeleteTaxRatesTaxRateShippingOptionsReq,
    AdminGetPriceListPaginationParams,
    AdminGetTaxRatesParams,
    AdminGetTaxRatesTaxRateParams,
    AdminGetVariantsParams,
    AdminListedPriceListSerializer,
    AdminPostPriceListPricesPricesReq,
    AdminPostPriceListsPriceListPriceListReq,
    AdminPostPriceListsPriceListReq,
    AdminPostTaxRatesReq,
    AdminPostTaxRatesTaxRateProductsReq,
    AdminPostTaxRatesTaxRateProductTypesReq,
    AdminPostTaxRatesTaxRateReq,
    AdminPostTaxRatesTaxRateShippingOptionsReq,
    AdminPriceListDeleteBatchRes,
    AdminPriceListDeleteProductPricesRes,
    AdminPriceListDeleteRes,
    AdminPriceListDeleteVariantPricesRes,
    AdminPriceListRes,
    AdminPriceListSerializer,
    AdminPriceListsListRes,
    AdminTaxRatesDeleteRes,
    AdminTaxRatesListRes,
    AdminTaxRatesRes,
    AdminVariantsListRes,
    PricedVariantSerializer,
    TaxRateSerializer,
    deleted_prices_body,
    number_filters,
)
from pricing.selectors import (
    price_list_get,
    price_list_list,
    pricing_region,
    tax_rate_get,
    tax_rate_list,
    tax_rates_for_products,
    variant_pricing,
)
from pricing.taxes import TaxLineData, price_tax, rates_or_default
from products.selectors import variant_search

PRICE_LISTS = ["Price Lists"]
TAX_RATES = ["Tax Rates"]
VARIANTS = ["Product Variants"]
DATE_FILTERS = ("created_at", "updated_at", "deleted_at")


def _date_filters(query: dict) -> dict:
    filters = {}
    for field in DATE_FILTERS:
        filters.update(date_comparison_filters(field, query.get(field)))
    return filters


def _in(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


# --- price lists ---------------------------------------------------------------------------------------------


def price_list_body(price_list_id: str) -> dict:
    return {"price_list": AdminPriceListSerializer(price_list_get(price_list_id)).data}


def price_list_input(data: dict) -> dict:
    """A create or update body as the services take it: groups by id."""
    if "customer_groups" in data:
        data["customer_groups"] = ids_of(data["customer_groups"])
    return data


class PriceListListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetPriceLists",
        parameters=[AdminGetPriceListPaginationParams],
        responses={200: AdminPriceListsListRes},
        tags=PRICE_LISTS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetPriceListPaginationParams)
        filters = _date_filters(query)
        for field, lookup in (("status", "status__in"), ("type", "type__in"), ("name", "name")):
            if field in query:
                filters[lookup] = query[field]
        if "id" in query:
            filters["pk__in"] = _in(query["id"])
        lists = price_list_list(
            q=query.get("q"),
            filters=filters,
            customer_group_ids=query.get("customer_groups"),
            order=query.get("order"),
        )
        offset, limit = page_bounds(query, default_limit=10)
        page = AdminListedPriceListSerializer(lists[offset : offset + limit], many=True).data
        return Response({"price_lists": page, "count": lists.count(), "offset": offset, "limit": limit})

    @extend_schema(
        operation_id="PostPriceListsPriceList",
        request=AdminPostPriceListsPriceListReq,
        responses={200: AdminPriceListRes},
        tags=PRICE_LISTS,
    )
    def post(self, request):
        data = price_list_input(self.validated_body(AdminPostPriceListsPriceListReq))
        price_list = services.price_list_create(**data)
        return Response(price_list_body(price_list.pk))


class PriceListDetailView(MedusaAPIView):
    @extend_schema(operation_id="GetPriceListsPriceList", responses={200: AdminPriceListRes}, tags=PRICE_LISTS)
    def get(self, request, id):
        return Response(price_list_body(id))

    @extend_schema(
        operation_id="PostPriceListsPriceListPriceList",
        request=AdminPostPriceListsPriceListPriceListReq,
        responses={200: AdminPriceListRes},
        tags=PRICE_LISTS,
    )
    def post(self, request, id):
        data = price_list_input(self.validated_body(AdminPostPriceListsPriceListPriceListReq))
        services.price_list_update(price_list_id=id, data=data)
        return Response(price_list_body(id))

    @extend_schema(operation_id="DeletePriceListsPriceList", responses={200: AdminPriceListDeleteRes}, tags=PRICE_LISTS)
    def delete(self, request, id):
        services.price_list_delete(price_list_id=id)
        return Response(deleted_body(id, "price-list"))


class PriceListPricesBatchView(MedusaAPIView):
    @extend_schema(
        operation_id="PostPriceListsPriceListPricesBatch",
        request=AdminPostPriceListPricesPricesReq,
        responses={200: AdminPriceListRes},
        tags=PRICE_LISTS,
    )
    def post(self, request, id):
        data = self.validated_body(AdminPostPriceListPricesPricesReq)
        services.price_list_add_prices(price_list_id=id, prices=data["prices"], override=data.get("override", False))
        return Response(price_list_body(id))

    @extend_schema(
        operation_id="DeletePriceListsPriceListPricesBatch",
        request=AdminDeletePriceListPricesPricesReq,
        responses={200: AdminPriceListDeleteBatchRes},
        tags=PRICE_LISTS,
    )
    def delete(self, request, id):
        data = self.validated_body(AdminDeletePriceListPricesPricesReq)
        return Response(
            deleted_prices_body(services.price_list_delete_prices(price_list_id=id, price_ids=data["price_ids"]))
        )


class PriceListProductPricesView(MedusaAPIView):
    @extend_schema(
        operation_id="DeletePriceListsPriceListProductsProductPrices",
        responses={200: AdminPriceListDeleteProductPricesRes},
        tags=PRICE_LISTS,
    )
    def delete(self, request, id, product_id):
        ids = services.price_list_delete_product_prices(price_list_id=id, product_id=product_id)
        return Response(deleted_prices_body(ids))


class PriceListVariantPricesView(MedusaAPIView):
    @extend_schema(
        operation_id="DeletePriceListsPriceListVariantsVariantPrices",
        responses={200: AdminPriceListDeleteVariantPricesRes},
        tags=PRICE_LISTS,
    )
    def delete(self, request, id, variant_id):
        ids = services.price_list_delete_variant_prices(price_list_id=id, variant_id=variant_id)
        return Response(deleted_prices_body(ids))


# --- tax rates -----------------------------------------------------------------------------------------------


class TaxRateView(MedusaAPIView):
    """What the tax-rate operations share: `fields[]` / `expand[]` in the query choose the answer's keys."""

    def tax_rate_body(self, tax_rate_id: str) -> dict:
        query = self.validated_query(AdminGetTaxRatesTaxRateParams)
        relations = query.get("expand", ())
        rate = tax_rate_get(tax_rate_id, relations=relations)
        context = {"relations": relations, "fields": query.get("fields")}
        return {"tax_rate": TaxRateSerializer(rate, context=context).data}


class TaxRateListView(TaxRateView):
    @extend_schema(
        operation_id="GetTaxRates",
        parameters=[AdminGetTaxRatesParams],
        responses={200: AdminTaxRatesListRes},
        tags=TAX_RATES,
    )
    def get(self, request):
        query = self.validated_query(AdminGetTaxRatesParams)
        relations = query.get("expand", ())
        filters = {**_date_filters(query), **number_filters("rate", query.get("rate"))}
        for field in ("name", "code"):
            if field in query:
                filters[field] = query[field]
        if "region_id" in query:
            filters["region_id__in"] = _in(query["region_id"])
        rates = tax_rate_list(filters=filters, q=query.get("q"), order=query.get("order"), relations=relations)
        offset, limit = page_bounds(query)
        context = {"relations": relations, "fields": query.get("fields")}
        page = TaxRateSerializer(rates[offset : offset + limit], many=True, context=context).data
        return Response({"tax_rates": page, "count": rates.count(), "offset": offset, "limit": limit})

    @extend_schema(
        operation_id="PostTaxRates",
        parameters=[AdminGetTaxRatesTaxRateParams],
        request=AdminPostTaxRatesReq,
        responses={200: AdminTaxRatesRes},
        tags=TAX_RATES,
    )
    def post(self, request):
        tax_rate = services.tax_rate_create(**self.validated_body(AdminPostTaxRatesReq))
        return Response(self.tax_rate_body(tax_rate.pk))


class TaxRateDetailView(TaxRateView):
    @extend_schema(
        operation_id="GetTaxRatesTaxRate",
        parameters=[AdminGetTaxRatesTaxRateParams],
        responses={200: AdminTaxRatesRes},
        tags=TAX_RATES,
    )
    def get(self, request, id):
        return Response(self.tax_rate_body(id))

    @extend_schema(
        operation_id="PostTaxRatesTaxRate",
        parameters=[AdminGetTaxRatesTaxRateParams],
        request=AdminPostTaxRatesTaxRateReq,
        responses={200: AdminTaxRatesRes},
        tags=TAX_RATES,
    )
    def post(self, request, id):
        services.tax_rate_update(tax_rate_id=id, data=self.validated_body(AdminPostTaxRatesTaxRateReq))
        return Response(self.tax_rate_body(id))

    @extend_schema(operation_id="DeleteTaxRatesTaxRate", responses={200: AdminTaxRatesDeleteRes}, tags=TAX_RATES)
    def delete(self, request, id):
        services.tax_rate_delete(tax_rate_id=id)
        return Response(deleted_body(id, "tax-rate"))


def tax_rate_links_view(kind: str, name: str, add_request, remove_request):
    """The view of one kind of links' batch: POST adds them, DELETE removes them (`kind` is the body's key)."""

    class TaxRateLinksView(TaxRateView):
        @extend_schema(
            operation_id=f"PostTaxRatesTaxRate{name}",
            parameters=[AdminGetTaxRatesTaxRateParams],
            request=add_request,
            responses={200: AdminTaxRatesRes},
            tags=TAX_RATES,
        )
        def post(self, request, id):
            data = self.validated_body(add_request)
            services.tax_rate_add_links(tax_rate_id=id, **{kind: data[kind]})
            return Response(self.tax_rate_body(id))

        @extend_schema(
            operation_id=f"DeleteTaxRatesTaxRate{name}",
            parameters=[AdminGetTaxRatesTaxRateParams],
            request=remove_request,
            responses={200: AdminTaxRatesRes},
            tags=TAX_RATES,
        )
        def delete(self, request, id):
            data = self.validated_body(remove_request)
            services.tax_rate_remove_links(tax_rate_id=id, **{kind: data[kind]})
            return Response(self.tax_rate_body(id))

    TaxRateLinksView.__name__ = TaxRateLinksView.__qualname__ = f"TaxRate{name}View"
    return TaxRateLinksView


TaxRateProductsView = tax_rate_links_view(
    "products", "Products", AdminPostTaxRatesTaxRateProductsReq, AdminDeleteTaxRatesTaxRateProductsReq
)
TaxRateProductTypesView = tax_rate_links_view(
    "product_types", "ProductTypes", AdminPostTaxRatesTaxRateProductTypesReq, AdminDeleteTaxRatesTaxRateProductTypesReq
)
TaxRateShippingOptionsView = tax_rate_links_view(
    "shipping_options",
    "ShippingOptions",
    AdminPostTaxRatesTaxRateShippingOptionsReq,
    AdminDeleteTaxRatesTaxRateShippingOptionsReq,
)


# --- variants ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantPrices:
    """What `GET /admin/variants` adds to a variant (v1's PricedVariant keys)."""

    prices: list
    original_price: int | None
    calculated_price: int | None
    calculated_price_type: str | None
    original_price_incl_tax: int | None
    calculated_price_incl_tax: int | None
    original_tax: int | None
    calculated_tax: int | None
    tax_rates: tuple[TaxLineData, ...] | None


def _with_tax(price: int | None, lines) -> tuple[int | None, int | None]:
    """(tax, price with tax) of a displayed price, both null without a price or without lines."""
    if price is None or lines is None:
        return None, None
    tax = price_tax(price, lines)
    return tax, price + tax


class VariantListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetVariants",
        parameters=[AdminGetVariantsParams],
        responses={200: AdminVariantsListRes},
        tags=VARIANTS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetVariantsParams)
        filters = number_filters("inventory_quantity", query.get("inventory_quantity"))
        for field in ("manage_inventory", "allow_backorder"):
            if field in query:
                filters[field] = query[field]
        if "id" in query:
            filters["pk__in"] = _in(query["id"])
        if "title" in query:
            filters["title__in"] = _in(query["title"])
        variants = variant_search(filters=filters, order=query.get("order"))
        offset, limit = page_bounds(query, default_limit=100)
        page = list(variants[offset : offset + limit])
        priced = self.priced(page, query)
        body = PricedVariantSerializer(page, many=True, context={"priced": priced}).data
        # as v1: no `offset` / `limit` in this envelope
        return Response({"variants": body, "count": variants.count()})

    @staticmethod
    def priced(variants: list, query: dict) -> dict[str, VariantPrices]:
        """v1's setAdminVariantPricing: each variant's price in the region (or currency) for the customer, without
        a quantity, and with a region that taxes automatically, its taxes at the product's rates."""
        region = pricing_region(query["region_id"]) if query.get("region_id") else None
        currency_code = region.currency_id if region else query.get("currency_code")
        pricing = variant_pricing(
            [variant.pk for variant in variants],
            region_id=region.pk if region else None,
            currency_code=currency_code,
            customer_id=query.get("customer_id"),
        )
        taxed = region is not None and region.automatic_taxes
        product_rates = tax_rates_for_products([v.product_id for v in variants], region_id=region.pk) if taxed else {}
        priced = {}
        for variant in variants:
            selected = pricing.select(variant.pk)
            lines = (
                rates_or_default(product_rates.get(variant.product_id, ()), region_tax_rate=region.tax_rate)
                if taxed
                else None
            )
            original_tax, original_incl_tax = _with_tax(selected.original_price, lines)
            calculated_tax, calculated_incl_tax = _with_tax(selected.calculated_price, lines)
            priced[variant.pk] = VariantPrices(
                prices=[pricing.rows[candidate.id] for candidate in selected.candidates],
                original_price=selected.original_price,
                calculated_price=selected.calculated_price,
                calculated_price_type=selected.calculated_price_type,
                original_price_incl_tax=original_incl_tax,
                calculated_price_incl_tax=calculated_incl_tax,
                original_tax=original_tax,
                calculated_tax=calculated_tax,
                tax_rates=lines,
            )
        return priced
