"""The project's URLs plus what the events tests mount: a timeline endpoint and a view that records an event."""

from django.urls import path
from rest_framework.response import Response

from config.api.views import MedusaAPIView
from config.errors import not_found
from config.urls import urlpatterns as project_urlpatterns
from events.api.views import resource_events_view
from events.services import event_record


def gadget_timeline(gadget_id: str) -> list[tuple[str, str]]:
    """A gadget `gad_…` shares its timeline with the order it became (`order_<same suffix>`)."""
    if not gadget_id.startswith("gad_"):
        raise not_found("Gadget", gadget_id)
    return [("gadget", gadget_id), ("order", "order_" + gadget_id.removeprefix("gad_"))]


GadgetEventsView = resource_events_view(
    operation_id="GetGadgetsGadgetEvents", tags=["Gadgets"], resources=gadget_timeline
)


class RecordView(MedusaAPIView):
    def post(self, request, id):
        event = event_record(type="draft_order.updated", resource_type="gadget", resource_id=id, data={"id": id})
        return Response({"id": event.id})


urlpatterns = [
    path("admin/gadgets/<str:id>/events", GadgetEventsView.as_view()),
    path("admin/gadgets/<str:id>/record", RecordView.as_view()),
    *project_urlpatterns,
]
