from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.querystring import date_comparison_filters
from config.api.serializers import deleted_body
from config.api.validation import ids_of
from config.api.views import MedusaAPIView
from customers.api.serializers import (
    AdminCustomerGroupsDeleteRes,
    AdminCustomerGroupSerializer,
    AdminCustomerGroupsListRes,
    AdminCustomerGroupsRes,
    AdminCustomerSerializer,
    AdminCustomersListRes,
    AdminCustomersRes,
    AdminDeleteCustomerGroupsGroupCustomerBatchReq,
    AdminGetCustomerGroupsGroupParams,
    AdminGetCustomerGroupsParams,
    AdminGetCustomersCustomerParams,
    AdminGetCustomersParams,
    AdminGetGroupsGroupCustomersParams,
    AdminPostCustomerGroupsGroupCustomersBatchReq,
    AdminPostCustomerGroupsGroupReq,
    AdminPostCustomerGroupsReq,
    AdminPostCustomersCustomerReq,
    AdminPostCustomersReq,
    CreatedCustomerGroupSerializer,
)
from customers.selectors import (
    DEFAULT_CUSTOMER_RELATIONS,
    customer_get,
    customer_group_get,
    customer_group_list,
    customer_list,
)
from customers.services import (
    customer_create,
    customer_group_add_customers,
    customer_group_create,
    customer_group_delete,
    customer_group_remove_customers,
    customer_group_update,
    customer_update,
)

TAGS = ["Customers"]
GROUP_TAGS = ["Customer Groups"]


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
        customers = customer_list(
            q=query.get("q"),
            filters=filters,
            group_ids=query.get("groups"),
            order=query.get("order"),
            relations=relations,
        )
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
        if "groups" in data:
            data["groups"] = ids_of(data["groups"])
        relations = self.validated_query(AdminGetCustomersCustomerParams).get("expand", DEFAULT_CUSTOMER_RELATIONS)
        customer_update(customer_id=id, data=data)
        return Response(customer_body(customer_get(id, relations=relations), relations))


# --- customer groups -----------------------------------------------------------------------------------------


def customer_group_body(group_id: str, relations=()) -> dict:
    group = customer_group_get(group_id, relations=relations)
    return {"customer_group": AdminCustomerGroupSerializer(group, context={"relations": relations}).data}


class CustomerGroupListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetCustomerGroups",
        parameters=[AdminGetCustomerGroupsParams],
        responses={200: AdminCustomerGroupsListRes},
        tags=GROUP_TAGS,
    )
    def get(self, request):
        query = self.validated_query(AdminGetCustomerGroupsParams)
        relations = query.get("expand", ())
        filters = {
            **date_comparison_filters("created_at", query.get("created_at")),
            **date_comparison_filters("updated_at", query.get("updated_at")),
        }
        if "id" in query:
            filters["pk__in"] = [query["id"]] if isinstance(query["id"], str) else query["id"]
        if "name" in query:
            filters["name__in"] = query["name"]
        groups = customer_group_list(q=query.get("q"), filters=filters, order=query.get("order"), relations=relations)
        offset, limit = page_bounds(query, default_limit=10)
        page = AdminCustomerGroupSerializer(
            groups[offset : offset + limit], many=True, context={"relations": relations}
        )
        return Response(list_envelope("customer_groups", page.data, count=groups.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostCustomerGroups",
        request=AdminPostCustomerGroupsReq,
        responses={200: AdminCustomerGroupsRes},
        tags=GROUP_TAGS,
    )
    def post(self, request):
        group = customer_group_create(**self.validated_body(AdminPostCustomerGroupsReq))
        return Response({"customer_group": CreatedCustomerGroupSerializer(group).data})


class CustomerGroupDetailView(MedusaAPIView):
    @extend_schema(
        operation_id="GetCustomerGroupsGroup",
        parameters=[AdminGetCustomerGroupsGroupParams],
        responses={200: AdminCustomerGroupsRes},
        tags=GROUP_TAGS,
    )
    def get(self, request, id):
        relations = self.validated_query(AdminGetCustomerGroupsGroupParams).get("expand", ())
        return Response(customer_group_body(id, relations))

    @extend_schema(
        operation_id="PostCustomerGroupsGroup",
        request=AdminPostCustomerGroupsGroupReq,
        responses={200: AdminCustomerGroupsRes},
        tags=GROUP_TAGS,
    )
    def post(self, request, id):
        customer_group_update(group_id=id, data=self.validated_body(AdminPostCustomerGroupsGroupReq))
        return Response(customer_group_body(id))

    @extend_schema(
        operation_id="DeleteCustomerGroupsCustomerGroup", responses={200: AdminCustomerGroupsDeleteRes}, tags=GROUP_TAGS
    )
    def delete(self, request, id):
        customer_group_delete(group_id=id)
        return Response(deleted_body(id, "customer_group"))


class CustomerGroupCustomersView(MedusaAPIView):
    @extend_schema(
        operation_id="GetCustomerGroupsGroupCustomers",
        parameters=[AdminGetGroupsGroupCustomersParams],
        responses={200: AdminCustomersListRes},
        tags=GROUP_TAGS,
    )
    def get(self, request, id):
        query = self.validated_query(AdminGetGroupsGroupCustomersParams)
        # v1 lists each member with its groups
        relations = query.get("expand", ("groups",))
        # v1 lists them in the database's order (no `order`): as they were made
        customers = customer_list(q=query.get("q"), group_ids=[id], order="created_at", relations=relations)
        offset, limit = page_bounds(query)
        page = AdminCustomerSerializer(customers[offset : offset + limit], many=True, context={"relations": relations})
        return Response(list_envelope("customers", page.data, count=customers.count(), offset=offset, limit=limit))


class CustomerGroupCustomersBatchView(MedusaAPIView):
    @extend_schema(
        operation_id="PostCustomerGroupsGroupCustomersBatch",
        request=AdminPostCustomerGroupsGroupCustomersBatchReq,
        responses={200: AdminCustomerGroupsRes},
        tags=GROUP_TAGS,
    )
    def post(self, request, id):
        data = self.validated_body(AdminPostCustomerGroupsGroupCustomersBatchReq)
        customer_group_add_customers(group_id=id, customer_ids=ids_of(data["customer_ids"]))
        return Response(customer_group_body(id))

    @extend_schema(
        operation_id="DeleteCustomerGroupsGroupCustomerBatch",
        request=AdminDeleteCustomerGroupsGroupCustomerBatchReq,
        responses={200: AdminCustomerGroupsRes},
        tags=GROUP_TAGS,
    )
    def delete(self, request, id):
        data = self.validated_body(AdminDeleteCustomerGroupsGroupCustomerBatchReq)
        customer_group_remove_customers(group_id=id, customer_ids=ids_of(data["customer_ids"]))
        return Response(customer_group_body(id))
