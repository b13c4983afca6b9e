from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.serializers import deleted_body
from config.api.views import MedusaAPIView
from discounts.api.serializers import (
    AdminDiscountsDeleteRes,
    AdminDiscountSerializer,
    AdminDiscountsFindParams,
    AdminDiscountsListRes,
    AdminDiscountsRes,
    AdminGetDiscountsParams,
    AdminPostDiscountsDiscountReq,
    AdminPostDiscountsReq,
)
from discounts.selectors import discount_get, discount_get_by_code, discount_list
from discounts.services import (
    discount_create,
    discount_delete,
    discount_region_add,
    discount_region_remove,
    discount_update,
)

TAGS = ["Discounts"]


def discount_body(discount_id: str) -> dict:
    """v1 re-reads the discount with its default relations after every write."""
    return {"discount": AdminDiscountSerializer(discount_get(discount_id)).data}


class DiscountListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetDiscounts",
        parameters=[AdminGetDiscountsParams],
        responses={200: AdminDiscountsListRes},
        tags=TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetDiscountsParams)
        # v1's default page is 20 discounts
        offset, limit = page_bounds(query, default_limit=20)
        rule = query.get("rule") or {}
        discounts = discount_list(
            q=query.get("q"),
            is_dynamic=query.get("is_dynamic"),
            is_disabled=query.get("is_disabled"),
            rule_type=rule.get("type"),
            rule_allocation=rule.get("allocation"),
            filters={
                **date_comparison_filters("created_at", query.get("created_at")),
                **date_comparison_filters("updated_at", query.get("updated_at")),
            },
            order=query.get("order"),
        )
        items = AdminDiscountSerializer(discounts[offset : offset + limit], many=True).data
        return Response(list_envelope("discounts", items, count=discounts.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostDiscounts",
        parameters=[AdminDiscountsFindParams],
        request=AdminPostDiscountsReq,
        responses={200: AdminDiscountsRes},
        tags=TAGS,
    )
    def post(self, request):
        self.validated_query(AdminDiscountsFindParams)
        discount = discount_create(**self.validated_body(AdminPostDiscountsReq))
        return Response(discount_body(discount.id))


class DiscountDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetDiscountsDiscount",
        parameters=[AdminDiscountsFindParams],
        responses={200: AdminDiscountsRes},
        tags=TAGS,
    )
    def get(self, request, id):
        self.validated_query(AdminDiscountsFindParams)
        return Response(discount_body(id))

    @extend_schema(
        operation_id="PostDiscountsDiscount",
        parameters=[AdminDiscountsFindParams],
        request=AdminPostDiscountsDiscountReq,
        responses={200: AdminDiscountsRes},
        tags=TAGS,
    )
    def post(self, request, id):
        self.validated_query(AdminDiscountsFindParams)
        discount_update(discount_id=id, data=self.validated_body(AdminPostDiscountsDiscountReq))
        return Response(discount_body(id))

    @extend_schema(operation_id="DeleteDiscountsDiscount", responses={200: AdminDiscountsDeleteRes}, tags=TAGS)
    def delete(self, request, id):
        discount_delete(discount_id=id)
        return Response(deleted_body(id, "discount"))


class DiscountByCodeView(MedusaAPIView):
    @extend_schema(
        operation_id="GetDiscountsDiscountCode",
        parameters=[AdminDiscountsFindParams],
        responses={200: AdminDiscountsRes},
        tags=TAGS,
    )
    def get(self, request, code):
        self.validated_query(AdminDiscountsFindParams)
        return Response({"discount": AdminDiscountSerializer(discount_get_by_code(code)).data})


class DiscountRegionView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDiscountsDiscountRegionsRegion", request=None, responses={200: AdminDiscountsRes}, tags=TAGS
    )
    def post(self, request, id, region_id):
        discount_region_add(discount_id=id, region_id=region_id)
        return Response(discount_body(id))

    @extend_schema(operation_id="DeleteDiscountsDiscountRegionsRegion", responses={200: AdminDiscountsRes}, tags=TAGS)
    def delete(self, request, id, region_id):
        discount_region_remove(discount_id=id, region_id=region_id)
        return Response(discount_body(id))
