from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.serializers import deleted_body
from config.api.validation import ids_of
from config.api.views import MedusaAPIView
from products.api.serializers import (
    AdminGetProductsParams,
    AdminGetProductsProductParams,
    AdminGetProductsVariantsParams,
    AdminGetSalesChannelsParams,
    AdminPostProductsProductReq,
    AdminPostProductsProductVariantsReq,
    AdminPostProductsProductVariantsVariantReq,
    AdminPostProductsReq,
    AdminPostSalesChannelsReq,
    AdminPostSalesChannelsSalesChannelReq,
    AdminProductsDeleteRes,
    AdminProductsDeleteVariantRes,
    AdminProductSerializer,
    AdminProductsListRes,
    AdminProductsListVariantsRes,
    AdminProductsRes,
    AdminProductVariantSerializer,
    AdminSalesChannelsDeleteRes,
    AdminSalesChannelsListRes,
    AdminSalesChannelsRes,
    ProductSerializer,
    SalesChannelSerializer,
)
from products.models import Product
from products.selectors import product_get, product_list, sales_channel_get, sales_channel_list, variant_list
from products.services import (
    product_create,
    product_delete,
    product_update,
    sales_channel_create,
    sales_channel_delete,
    sales_channel_update,
    variant_create,
    variant_delete,
    variant_update,
)

TAGS = ["Products"]
SALES_CHANNEL_TAGS = ["Sales Channels"]


def product_body(product_id: str) -> dict:
    return {"product": AdminProductSerializer(product_get(product_id)).data}


def bare_product(product_id: str) -> Product:
    """The product row alone, for a write that needs it to exist (404 otherwise)."""
    return product_get(product_id, queryset=Product.objects.all())


def dates(query: dict) -> dict:
    return {
        **date_comparison_filters("created_at", query.get("created_at")),
        **date_comparison_filters("updated_at", query.get("updated_at")),
    }


def product_input(data: dict) -> dict:
    """A create or update body as the services take it: channels by id; images are not modelled and, as v1,
    the first one is the thumbnail when none is given."""
    images = data.pop("images", None)
    if images and not data.get("thumbnail"):
        data["thumbnail"] = images[0]
    if "sales_channels" in data:
        data["sales_channels"] = ids_of(data["sales_channels"])
    return data


class ProductListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetProducts",
        parameters=[AdminGetProductsParams],
        responses={200: AdminProductsListRes},
        tags=TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetProductsParams)
        filters = dates(query)
        if "id" in query:
            filters["pk__in"] = [query["id"]] if isinstance(query["id"], str) else query["id"]
        if "status" in query:
            filters["status__in"] = query["status"]
        for field in ("title", "description", "handle", "is_giftcard"):
            if field in query:
                filters[field] = query[field]
        products = product_list(q=query.get("q"), filters=filters, order=query.get("order"))
        offset, limit = page_bounds(query)
        page = AdminProductSerializer(products[offset : offset + limit], many=True).data
        return Response(list_envelope("products", page, count=products.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostProducts", request=AdminPostProductsReq, responses={200: AdminProductsRes}, tags=TAGS
    )
    def post(self, request):
        product = product_create(**product_input(self.validated_body(AdminPostProductsReq)))
        return Response(product_body(product.id))


class ProductDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetProductsProduct",
        parameters=[AdminGetProductsProductParams],
        responses={200: AdminProductsRes},
        tags=TAGS,
    )
    def get(self, request, id):
        self.validated_query(AdminGetProductsProductParams)
        return Response(product_body(id))

    @extend_schema(
        operation_id="PostProductsProduct",
        request=AdminPostProductsProductReq,
        responses={200: AdminProductsRes},
        tags=TAGS,
    )
    def post(self, request, id):
        data = product_input(self.validated_body(AdminPostProductsProductReq))
        product_update(product_id=id, data=data)
        return Response(product_body(id))

    @extend_schema(operation_id="DeleteProductsProduct", responses={200: AdminProductsDeleteRes}, tags=TAGS)
    def delete(self, request, id):
        product_delete(product_id=id)
        return Response(deleted_body(id, "product"))


class ProductVariantListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetProductsProductVariants",
        parameters=[AdminGetProductsVariantsParams],
        responses={200: AdminProductsListVariantsRes},
        tags=TAGS,
    )
    def get(self, request, id):
        query = self.validated_query(AdminGetProductsVariantsParams)
        filters = dates(query)
        for field in ("manage_inventory", "allow_backorder"):
            if field in query:
                filters[field] = query[field]
        variants = variant_list(product_id=id, q=query.get("q"), filters=filters, order=query.get("order"))
        offset, limit = page_bounds(query, default_limit=100)
        # v1 answers only `id` and `product_id` of each variant, plus the `fields` and `expand` asked for
        keys = {"id", "product_id", *query.get("fields", ()), *query.get("expand", ())}
        page = []
        for variant in variants[offset : offset + limit]:
            full = dict(AdminProductVariantSerializer(variant).data)
            if "product" in keys:
                full["product"] = ProductSerializer(variant.product).data
            page.append({key: value for key, value in full.items() if key in keys})
        return Response(list_envelope("variants", page, count=variants.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostProductsProductVariants",
        request=AdminPostProductsProductVariantsReq,
        responses={200: AdminProductsRes},
        tags=TAGS,
    )
    def post(self, request, id):
        data = self.validated_body(AdminPostProductsProductVariantsReq)
        variant_create(product_id=id, data=data)
        return Response(product_body(id))


class ProductVariantDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="PostProductsProductVariantsVariant",
        request=AdminPostProductsProductVariantsVariantReq,
        responses={200: AdminProductsRes},
        tags=TAGS,
    )
    def post(self, request, id, variant_id):
        data = self.validated_body(AdminPostProductsProductVariantsVariantReq)
        variant_update(variant_id=variant_id, product_id=id, data=data)
        return Response(product_body(id))

    @extend_schema(
        operation_id="DeleteProductsProductVariantsVariant",
        responses={200: AdminProductsDeleteVariantRes},
        tags=TAGS,
    )
    def delete(self, request, id, variant_id):
        variant_delete(product_id=id, variant_id=variant_id)
        body = {"variant_id": variant_id, "object": "product-variant", "deleted": True}
        return Response({**body, **product_body(id)})


class SalesChannelListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetSalesChannels",
        parameters=[AdminGetSalesChannelsParams],
        responses={200: AdminSalesChannelsListRes},
        tags=SALES_CHANNEL_TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetSalesChannelsParams)
        filters = dates(query) | date_comparison_filters("deleted_at", query.get("deleted_at"))
        for field, lookup in (("id", "pk"), ("name", "name"), ("description", "description")):
            if field in query:
                filters[lookup] = query[field]
        channels = sales_channel_list(q=query.get("q"), filters=filters, order=query.get("order"))
        offset, limit = page_bounds(query, default_limit=20)
        page = SalesChannelSerializer(channels[offset : offset + limit], many=True).data
        return Response(list_envelope("sales_channels", page, count=channels.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostSalesChannels",
        request=AdminPostSalesChannelsReq,
        responses={200: AdminSalesChannelsRes},
        tags=SALES_CHANNEL_TAGS,
    )
    def post(self, request):
        channel = sales_channel_create(**self.validated_body(AdminPostSalesChannelsReq))
        return Response({"sales_channel": SalesChannelSerializer(channel).data})


class SalesChannelDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetSalesChannelsSalesChannel",
        responses={200: AdminSalesChannelsRes},
        tags=SALES_CHANNEL_TAGS,
    )
    def get(self, request, id):
        return Response({"sales_channel": SalesChannelSerializer(sales_channel_get(id)).data})

    @extend_schema(
        operation_id="PostSalesChannelsSalesChannel",
        request=AdminPostSalesChannelsSalesChannelReq,
        responses={200: AdminSalesChannelsRes},
        tags=SALES_CHANNEL_TAGS,
    )
    def post(self, request, id):
        data = self.validated_body(AdminPostSalesChannelsSalesChannelReq)
        channel = sales_channel_update(sales_channel_id=id, data=data)
        return Response({"sales_channel": SalesChannelSerializer(channel).data})

    @extend_schema(
        operation_id="DeleteSalesChannelsSalesChannel",
        responses={200: AdminSalesChannelsDeleteRes},
        tags=SALES_CHANNEL_TAGS,
    )
    def delete(self, request, id):
        sales_channel_delete(sales_channel_id=id)
        return Response(deleted_body(id, "sales-channel"))
