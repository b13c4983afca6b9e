from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.serializers import deleted_body
from config.api.views import MedusaAPIView
from regions import selectors, services
from regions.api.serializers import (
    AdminGetRegionsParams,
    AdminGetRegionsRegionFulfillmentOptionsRes,
    AdminGetRegionsRegionParams,
    AdminGetShippingOptionsParams,
    AdminListedShippingOptionSerializer,
    AdminPostRegionsRegionCountriesReq,
    AdminPostRegionsRegionFulfillmentProvidersReq,
    AdminPostRegionsRegionPaymentProvidersReq,
    AdminPostRegionsRegionReq,
    AdminPostRegionsReq,
    AdminPostShippingOptionsOptionReq,
    AdminPostShippingOptionsReq,
    AdminRegionsDeleteRes,
    AdminRegionSerializer,
    AdminRegionsListRes,
    AdminRegionsRes,
    AdminShippingOptionsDeleteRes,
    AdminShippingOptionSerializer,
    AdminShippingOptionsListRes,
    AdminShippingOptionsRes,
)
from regions.shipping import fulfillment_options

REGIONS = ["Regions"]
SHIPPING_OPTIONS = ["Shipping Options"]
DATE_FILTERS = ("created_at", "updated_at", "deleted_at")


def _date_filters(query: dict) -> dict:
    filters = {}
    for field in DATE_FILTERS:
        filters.update(date_comparison_filters(field, query.get(field)))
    return filters


def _region_response(region_id: str) -> Response:
    return Response({"region": AdminRegionSerializer(selectors.region_get(region_id=region_id)).data})


def _shipping_option_response(option_id: str) -> Response:
    option = selectors.shipping_option_get(option_id=option_id)
    return Response({"shipping_option": AdminShippingOptionSerializer(option).data})


class RegionListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetRegions",
        parameters=[AdminGetRegionsParams],
        responses={200: AdminRegionsListRes},
        tags=REGIONS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetRegionsParams)
        offset, limit = page_bounds(query)
        filters = _date_filters(query)
        if query.get("q"):
            filters["q"] = query["q"]
        regions = selectors.region_list(filters=filters, order=query.get("order"))
        items = AdminRegionSerializer(regions[offset : offset + limit], many=True).data
        return Response(list_envelope("regions", items, count=regions.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostRegions", request=AdminPostRegionsReq, responses={200: AdminRegionsRes}, tags=REGIONS
    )
    def post(self, request):
        region = services.region_create(**self.validated_body(AdminPostRegionsReq))
        return _region_response(region.pk)


class RegionDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetRegionsRegion",
        parameters=[AdminGetRegionsRegionParams],
        responses={200: AdminRegionsRes},
        tags=REGIONS,
    )
    def get(self, request, id):
        self.validated_query(AdminGetRegionsRegionParams)
        return _region_response(id)

    @extend_schema(
        operation_id="PostRegionsRegion",
        request=AdminPostRegionsRegionReq,
        responses={200: AdminRegionsRes},
        tags=REGIONS,
    )
    def post(self, request, id):
        services.region_update(region_id=id, **self.validated_body(AdminPostRegionsRegionReq))
        return _region_response(id)

    @extend_schema(operation_id="DeleteRegionsRegion", responses={200: AdminRegionsDeleteRes}, tags=REGIONS)
    def delete(self, request, id):
        services.region_delete(region_id=id)
        return Response(deleted_body(id, "region"))


class RegionCountriesView(MedusaAPIView):
    @extend_schema(
        operation_id="PostRegionsRegionCountries",
        request=AdminPostRegionsRegionCountriesReq,
        responses={200: AdminRegionsRes},
        tags=REGIONS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostRegionsRegionCountriesReq)
        services.region_country_add(region_id=id, country_code=body["country_code"])
        return _region_response(id)


class RegionCountryView(MedusaAPIView):
    # v1's operationId for this DELETE starts with Post (sic).
    @extend_schema(operation_id="PostRegionsRegionCountriesCountry", responses={200: AdminRegionsRes}, tags=REGIONS)
    def delete(self, request, id, country_code):
        services.region_country_remove(region_id=id, country_code=country_code)
        return _region_response(id)


class RegionPaymentProvidersView(MedusaAPIView):
    @extend_schema(
        operation_id="PostRegionsRegionPaymentProviders",
        request=AdminPostRegionsRegionPaymentProvidersReq,
        responses={200: AdminRegionsRes},
        tags=REGIONS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostRegionsRegionPaymentProvidersReq)
        services.region_payment_provider_add(region_id=id, provider_id=body["provider_id"])
        return _region_response(id)


class RegionPaymentProviderView(MedusaAPIView):
    @extend_schema(
        operation_id="PostRegionsRegionPaymentProvidersProvider", responses={200: AdminRegionsRes}, tags=REGIONS
    )
    def delete(self, request, id, provider_id):
        services.region_payment_provider_remove(region_id=id, provider_id=provider_id)
        return _region_response(id)


class RegionFulfillmentProvidersView(MedusaAPIView):
    @extend_schema(
        operation_id="PostRegionsRegionFulfillmentProviders",
        request=AdminPostRegionsRegionFulfillmentProvidersReq,
        responses={200: AdminRegionsRes},
        tags=REGIONS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostRegionsRegionFulfillmentProvidersReq)
        services.region_fulfillment_provider_add(region_id=id, provider_id=body["provider_id"])
        return _region_response(id)


class RegionFulfillmentProviderView(MedusaAPIView):
    @extend_schema(
        operation_id="PostRegionsRegionFulfillmentProvidersProvider", responses={200: AdminRegionsRes}, tags=REGIONS
    )
    def delete(self, request, id, provider_id):
        services.region_fulfillment_provider_remove(region_id=id, provider_id=provider_id)
        return _region_response(id)


class RegionFulfillmentOptionsView(MedusaAPIView):
    @extend_schema(
        operation_id="GetRegionsRegionFulfillmentOptions",
        responses={200: AdminGetRegionsRegionFulfillmentOptionsRes},
        tags=REGIONS,
    )
    def get(self, request, id):
        region = selectors.region_get(region_id=id)
        provider_ids = [provider.pk for provider in region.fulfillment_providers.all()]
        return Response({"fulfillment_options": fulfillment_options(provider_ids)})


class ShippingOptionListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetShippingOptions",
        parameters=[AdminGetShippingOptionsParams],
        responses={200: AdminShippingOptionsListRes},
        tags=SHIPPING_OPTIONS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetShippingOptionsParams)
        offset, limit = page_bounds(query)
        filters = _date_filters(query)
        for key in ("id", "name", "region_id", "is_return", "admin_only", "q"):
            if key in query:
                filters[key] = query[key]
        options = selectors.shipping_option_list(filters=filters, order=query.get("order"))
        items = AdminListedShippingOptionSerializer(options[offset : offset + limit], many=True).data
        return Response(list_envelope("shipping_options", items, count=options.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostShippingOptions",
        request=AdminPostShippingOptionsReq,
        responses={200: AdminShippingOptionsRes},
        tags=SHIPPING_OPTIONS,
    )
    def post(self, request):
        option = services.shipping_option_create(**self.validated_body(AdminPostShippingOptionsReq))
        return _shipping_option_response(option.pk)


class ShippingOptionDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetShippingOptionsOption", responses={200: AdminShippingOptionsRes}, tags=SHIPPING_OPTIONS
    )
    def get(self, request, id):
        return _shipping_option_response(id)

    @extend_schema(
        operation_id="PostShippingOptionsOption",
        request=AdminPostShippingOptionsOptionReq,
        responses={200: AdminShippingOptionsRes},
        tags=SHIPPING_OPTIONS,
    )
    def post(self, request, id):
        services.shipping_option_update(option_id=id, **self.validated_body(AdminPostShippingOptionsOptionReq))
        return _shipping_option_response(id)

    @extend_schema(
        operation_id="DeleteShippingOptionsOption",
        responses={200: AdminShippingOptionsDeleteRes},
        tags=SHIPPING_OPTIONS,
    )
    def delete(self, request, id):
        services.shipping_option_delete(option_id=id)
        return Response(deleted_body(id, "shipping-option"))
