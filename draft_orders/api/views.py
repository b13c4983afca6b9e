from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from carts.api.serializers import serializer_context
from carts.services import ItemInput, ShippingMethodInput
from config.api.etags import ETAG, IF_MATCH, IF_NONE_MATCH, if_match_versions, not_modified, version_etag
from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.render import rendered, rendered_many
from config.api.serializers import deleted_body
from config.api.views import MedusaAPIView
from draft_orders import services
from draft_orders.activity import draft_order_rendered, draft_order_timeline
from draft_orders.api import examples
from draft_orders.api.serializers import (
    LIST_DEFAULT_EXPAND,
    AdminDraftOrdersCalculateRes,
    AdminDraftOrdersDeleteRes,
    AdminDraftOrdersDuplicateRes,
    AdminDraftOrdersListRes,
    AdminDraftOrdersRes,
    AdminDraftOrdersSendInvoiceRes,
    AdminGetDraftOrdersParams,
    AdminPostDraftOrdersDraftOrderLineItemsItemReq,
    AdminPostDraftOrdersDraftOrderLineItemsReq,
    AdminPostDraftOrdersDraftOrderReq,
    AdminPostDraftOrdersDraftOrderSendInvoiceReq,
    AdminPostDraftOrdersReq,
    DraftOrderSerializer,
    ListedDraftOrderSerializer,
    SentInvoiceSerializer,
)
from draft_orders.models import DraftOrder
from draft_orders.selectors import (
    draft_order_get,
    draft_order_info,
    draft_order_list,
    draft_order_order_id,
    draft_order_page,
    draft_order_version,
)
from events.api.views import resource_events_view
from orders.api.serializers import AdminPostDraftOrdersDraftOrderRegisterPaymentRes, PaidOrderSerializer
from orders.api.views import order_response

TAGS = ["Draft Orders"]


def draft_order_response(draft_order: DraftOrder, state: dict | None = None) -> Response:
    """v1's full draft-order response from a draft order fetched with every relation (`draft_order_get`), totals
    computed from those rows, or the `state` a write rendered of it (`DraftOrderWritten`, as its event records it);
    its ETag is the draft order's version."""
    if state is None:
        state = draft_order_rendered(draft_order_info(draft_order))
    return Response({"draft_order": state}, headers={"ETag": version_etag(draft_order.version)})


def written_response(written: services.DraftOrderWritten) -> Response:
    return draft_order_response(written.draft_order, written.state)


def without_ids(value, ids: frozenset[str]):
    """`value` (rendered JSON) with each of these ids, wherever it appears, as null."""
    if isinstance(value, dict):
        return {key: without_ids(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [without_ids(item, ids) for item in value]
    return None if isinstance(value, str) and value in ids else value


def service_arguments(body: dict) -> dict:
    """A validated create or update body as the service's keyword arguments.

    Create's `status` is validated, then ignored, as v1 does.
    """
    arguments = {key: value for key, value in body.items() if key != "status"}
    if "items" in arguments:
        arguments["items"] = [ItemInput(**item) for item in arguments["items"]]
    if "shipping_methods" in arguments:
        arguments["shipping_methods"] = [ShippingMethodInput(**method) for method in arguments["shipping_methods"]]
    if "discounts" in arguments:
        arguments["discounts"] = [discount["code"] for discount in arguments["discounts"]]
    return arguments


class DraftOrdersView(MedusaAPIView):
    @extend_schema(
        operation_id="GetDraftOrders",
        parameters=[AdminGetDraftOrdersParams],
        responses={200: AdminDraftOrdersListRes},
        examples=[examples.LIST_RESPONSE],
        tags=TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetDraftOrdersParams)
        offset, limit = page_bounds(query)
        # a nested relation brings its parents, as TypeORM joins them for v1: `cart.items.adjustments` loads `cart`
        expand = {
            ".".join(name.split(".")[:depth])
            for name in query.get("expand", LIST_DEFAULT_EXPAND)
            for depth in range(1, name.count(".") + 2)
        }
        queryset = draft_order_list(
            q=query.get("q"),
            statuses=query.get("status"),
            tags=[query["tags"]] if isinstance(query.get("tags"), str) else query.get("tags"),
            filters={
                **date_comparison_filters("created_at", query.get("created_at")),
                **date_comparison_filters("updated_at", query.get("updated_at")),
            },
            order=query.get("order"),
            with_cart=bool(expand & {"cart", "cart.items"}),
            with_order="order" in expand,
        )
        context = {"expand": expand, "fields": query.get("fields")}
        variant = (frozenset(expand), tuple(query.get("fields") or ()))
        page = draft_order_page(queryset, offset=offset, limit=limit, with_cart=bool(expand & {"cart", "cart.items"}))
        entries = rendered_many(ListedDraftOrderSerializer, page, context=context, variant=variant)
        return Response(list_envelope("draft_orders", entries, count=queryset.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostDraftOrders",
        parameters=[ETAG],
        request=AdminPostDraftOrdersReq,
        responses={200: AdminDraftOrdersRes},
        examples=[examples.CREATE_REQUEST, examples.CREATE_RESPONSE],
        tags=TAGS,
    )
    def post(self, request):
        body = self.validated_body(AdminPostDraftOrdersReq)
        return written_response(services.draft_order_create(**service_arguments(body)))


class DraftOrdersCalculateView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersCalculate",
        summary="Price a draft order without making it",
        description=(
            "Takes create's body, checks it as create does (same errors, in the same order) and answers what create "
            "would answer, every total computed as create computes it, storing nothing: no row, no display id, no "
            "guest customer. The ids and timestamps of rows create would make (the cart's addresses among them) are "
            "null; existing rows (customer, region, variants, options, discounts) keep theirs. An addition to v1."
        ),
        request=AdminPostDraftOrdersReq,
        responses={200: AdminDraftOrdersCalculateRes},
        tags=TAGS,
    )
    def post(self, request):
        body = self.validated_body(AdminPostDraftOrdersReq)
        quote = services.draft_order_calculate(**service_arguments(body))
        context = serializer_context(quote.info.cart.computed)
        draft_order = rendered(DraftOrderSerializer, quote.info.draft_order, context=context)
        # the rows were never made: their ids and timestamps are null (timestamps are unset on unsaved rows)
        return Response({"draft_order": without_ids(draft_order, quote.generated_ids)})


class DraftOrderView(MedusaAPIView):
    @extend_schema(
        operation_id="GetDraftOrdersDraftOrder",
        parameters=[IF_NONE_MATCH, ETAG, OpenApiParameter("id", str, OpenApiParameter.PATH)],
        responses={200: AdminDraftOrdersRes},
        tags=TAGS,
    )
    def get(self, request, id):
        if request.headers.get("If-None-Match") is not None:
            version = draft_order_version(id)
            if version is not None and not_modified(request, version_etag(version)):
                return Response(status=304, headers={"ETag": version_etag(version)})
        return draft_order_response(draft_order_get(id))

    @extend_schema(
        operation_id="PostDraftOrdersDraftOrder",
        parameters=[IF_MATCH, ETAG],
        request=AdminPostDraftOrdersDraftOrderReq,
        responses={200: AdminDraftOrdersRes},
        tags=TAGS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostDraftOrdersDraftOrderReq)
        written = services.draft_order_update(
            draft_order_id=id, expected_versions=if_match_versions(request), **service_arguments(body)
        )
        return written_response(written)  # as saved (departure "fresh update response")

    @extend_schema(
        operation_id="DeleteDraftOrdersDraftOrder",
        parameters=[IF_MATCH],
        responses={200: AdminDraftOrdersDeleteRes},
        tags=TAGS,
    )
    def delete(self, request, id):
        services.draft_order_delete(draft_order_id=id, expected_versions=if_match_versions(request))
        return Response(deleted_body(id, "draft-order"))


class DraftOrderLineItemsView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersDraftOrderLineItems",
        parameters=[IF_MATCH, ETAG],
        request=AdminPostDraftOrdersDraftOrderLineItemsReq,
        responses={200: AdminDraftOrdersRes},
        tags=TAGS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostDraftOrdersDraftOrderLineItemsReq)
        written = services.line_item_add(
            draft_order_id=id, item=ItemInput(**body), expected_versions=if_match_versions(request)
        )
        return written_response(written)


class DraftOrderLineItemView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersDraftOrderLineItemsItem",
        parameters=[IF_MATCH, ETAG],
        request=AdminPostDraftOrdersDraftOrderLineItemsItemReq,
        responses={200: AdminDraftOrdersRes},
        tags=TAGS,
    )
    def post(self, request, id, line_id):
        body = self.validated_body(AdminPostDraftOrdersDraftOrderLineItemsItemReq)
        written = services.line_item_update(
            draft_order_id=id, line_id=line_id, expected_versions=if_match_versions(request), **body
        )
        return written_response(written)

    @extend_schema(
        operation_id="DeleteDraftOrdersDraftOrderLineItemsItem",
        parameters=[IF_MATCH, ETAG],
        request=None,
        responses={200: AdminDraftOrdersRes},
        tags=TAGS,
    )
    def delete(self, request, id, line_id):
        written = services.line_item_delete(
            draft_order_id=id, line_id=line_id, expected_versions=if_match_versions(request)
        )
        return written_response(written)


class DraftOrderDuplicateView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersDraftOrderDuplicate",
        summary="Make a new draft order like this one",
        description=(
            "A new open draft order, made as create makes one, from an open or a completed draft order (order "
            "again): the same customer, copies of its addresses, its lines (variant lines priced afresh in the "
            "region, custom lines as they are), its shipping methods and custom shipping prices, and its discount "
            "codes that are still valid; `dropped_discounts` lists the others and why. An addition to v1."
        ),
        parameters=[ETAG],
        request=None,
        responses={200: AdminDraftOrdersDuplicateRes},
        tags=TAGS,
    )
    def post(self, request, id):
        duplicated = services.draft_order_duplicate(draft_order_id=id)
        response = written_response(duplicated.written)  # with the copy's ETag
        response.data["dropped_discounts"] = [
            {"code": code, "reason": reason} for code, reason in duplicated.dropped_discounts.items()
        ]
        return response


class DraftOrderSendInvoiceView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersDraftOrderSendInvoice",
        summary="Email the draft order's invoice",
        description=(
            "Mails the draft order's lines and totals, in its region's currency, as HTML and plain text, to `to` "
            "(by default the draft order's email), and records when and to whom. A completed draft order's invoice "
            "says it is paid. With `If-Match`, only the draft order as it was read is sent. An addition to v1."
        ),
        parameters=[IF_MATCH],
        request=AdminPostDraftOrdersDraftOrderSendInvoiceReq,
        responses={200: AdminDraftOrdersSendInvoiceRes},
        tags=TAGS,
    )
    def post(self, request, id):
        body = self.validated_body(AdminPostDraftOrdersDraftOrderSendInvoiceReq)
        sent = services.draft_order_send_invoice(
            draft_order_id=id, expected_versions=if_match_versions(request), **body
        )
        return Response({"invoice": rendered(SentInvoiceSerializer, sent)})


class DraftOrderPayView(MedusaAPIView):
    @extend_schema(
        operation_id="PostDraftOrdersDraftOrderRegisterPayment",
        parameters=[IF_MATCH, ETAG],
        request=None,
        responses={200: AdminPostDraftOrdersDraftOrderRegisterPaymentRes},
        examples=[examples.PAY_RESPONSE],
        tags=TAGS,
    )
    def post(self, request, id):
        order = services.draft_order_mark_paid(draft_order_id=id, expected_versions=if_match_versions(request))
        return order_response(order, serializer=PaidOrderSerializer)  # as Mark Paid read it back


def _draft_order_timeline(draft_order_id: str) -> list[tuple[str, str]]:
    """The draft order's events and its order's, or v1's 404 for an unknown draft order."""
    return draft_order_timeline(draft_order_id, draft_order_order_id(draft_order_id))


DraftOrderEventsView = resource_events_view(
    operation_id="GetDraftOrdersDraftOrderEvents", tags=TAGS, resources=_draft_order_timeline
)
