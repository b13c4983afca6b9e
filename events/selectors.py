"""Reads of events: a resource's timeline, newest first."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from events.models import Event

ResourceRef = tuple[str, str]  # (resource_type, resource_id), e.g. ("draft_order", "dorder_…")


def event_list(*, resources: Iterable[ResourceRef]) -> QuerySet[Event]:
    """The events of these resources (a draft order and the order it became share one timeline), newest first."""
    match = Q()
    for resource_type, resource_id in resources:
        match |= Q(resource_type=resource_type, resource_id=resource_id)
    if not match:
        return Event.objects.none()
    return Event.objects.filter(match).order_by("-seq")
