"""A resource's timeline endpoint, for the apps that own the resources to mount at `<resource>/{id}/events`."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.views import MedusaAPIView
from events.api.serializers import AdminEventsListRes, AdminGetEventsParams, EventSerializer
from events.selectors import ResourceRef, event_list


def resource_events_view(
    *, operation_id: str, tags: list[str], resources: Callable[[str], list[ResourceRef]]
) -> type[MedusaAPIView]:
    """A view answering `GET …/{id}/events` with the events of `resources(id)`, newest first, paginated as v1's
    lists. `resources` raises the owner's 404 for an unknown id, and may name several resources (a draft
    order and its order share one timeline):

        DraftOrderEventsView = resource_events_view(
            operation_id="GetDraftOrdersDraftOrderEvents", tags=["Draft Orders"], resources=draft_order_timeline
        )
    """

    class ResourceEventsView(MedusaAPIView):
        @extend_schema(
            operation_id=operation_id,
            parameters=[AdminGetEventsParams],
            responses={200: AdminEventsListRes},
            tags=tags,
            description="The activity timeline: who changed what and when, newest first. Events are never "
            "changed or deleted.",
        )
        def get(self, request, id):
            query = self.validated_query(AdminGetEventsParams)
            offset, limit = page_bounds(query)
            events = event_list(resources=resources(id))
            page = EventSerializer(events[offset : offset + limit], many=True).data
            return Response(list_envelope("events", page, count=events.count(), offset=offset, limit=limit))

    ResourceEventsView.__name__ = ResourceEventsView.__qualname__ = f"{operation_id}View"
    return ResourceEventsView
