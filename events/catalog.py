"""The event types a change can record (v1's names where v1 has one), with what each says on a timeline.

Webhook endpoints subscribe to these; `draft_order.deleted`, `draft_order.completed` and
`draft_order.invoice_sent` are ours (v1 emits no event for them).
"""

ALL_EVENTS = "*"

EVENT_TYPES: dict[str, str] = {
    "draft_order.created": "created the draft order",
    "draft_order.updated": "updated the draft order",
    "draft_order.deleted": "deleted the draft order",
    "draft_order.completed": "marked paid",
    "draft_order.invoice_sent": "sent the invoice",
    "order.placed": "placed the order",
    "order.updated": "updated the order",
}
