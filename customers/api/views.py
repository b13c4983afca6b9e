from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.views import MedusaAPIView
from customers.api.serializers import (
    AdminCustomerSerializer,
    AdminCustomersListRes,
    AdminCustomersRes,
    AdminGetCustomersCustomerParams,
    AdminGetCustomersParams,
    AdminPostCustomersCustomerReq,
    AdminPostCustomersReq,
)
from customers.selectors import DEFAULT_CUSTOMER_RELATIONS, customer_get, customer_list
from customers.services import customer_create, customer_update

TAGS = ["Customers"]


def customer_body(customer, relations) -> dict:
    return {"customer": AdminCustomerSerializer(customer, context={"relations": relations}).data}


class CustomerListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetCustomers",
        parameters=[AdminGetCustomersParams],
        responses={200: AdminCustomersListRes},
        tags=TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetCustomersParams)
        relations = query.get("expand", ())
        filters = {
            **date_comparison_filters("created_at", query.get("created_at")),
            **date_comparison_filters("updated_at", query.get("updated_at")),
        }
        if "has_account" in query:
            filters["has_account"] = query["has_account"]
        customers = customer_list(q=query.get("q"), filters=filters, order=query.get("order"), relations=relations)
        offset, limit = page_bounds(query)
        page = AdminCustomerSerializer(customers[offset : offset + limit], many=True, context={"relations": relations})
        return Response(list_envelope("customers", page.data, count=customers.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostCustomers", request=AdminPostCustomersReq, responses={201: AdminCustomersRes}, tags=TAGS
    )
    def post(self, request):
        customer = customer_create(**self.validated_body(AdminPostCustomersReq))
        # v1 answers 201 here (its only create that does) with the new row and no relations
        return Response(customer_body(customer, ()), status=201)


class CustomerDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetCustomersCustomer",
        parameters=[AdminGetCustomersCustomerParams],
        responses={200: AdminCustomersRes},
        tags=TAGS,
    )
    def get(self, request, id):
        relations = self.validated_query(AdminGetCustomersCustomerParams).get("expand", DEFAULT_CUSTOMER_RELATIONS)
        return Response(customer_body(customer_get(id, relations=relations), relations))

    @extend_schema(
        operation_id="PostCustomersCustomer",
        parameters=[AdminGetCustomersCustomerParams],
        request=AdminPostCustomersCustomerReq,
        responses={200: AdminCustomersRes},
        tags=TAGS,
    )
    def post(self, request, id):
        data = self.validated_body(AdminPostCustomersCustomerReq)
        relations = self.validated_query(AdminGetCustomersCustomerParams).get("expand", DEFAULT_CUSTOMER_RELATIONS)
        customer_update(customer_id=id, data=data)
        return Response(customer_body(customer_get(id, relations=relations), relations))
