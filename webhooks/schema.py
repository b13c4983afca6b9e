"""The webhook bodies in the OpenAPI document.

The schema is OpenAPI 3.0 (v1's), which has no `webhooks` section (3.1 does); the body is the component
`WebhookPayload` (also in each delivery of `GET /admin/webhooks/{id}/deliveries`), and `x-webhooks`, which
ReDoc shows as a Webhooks section, lists one POST per event type with that body and the signature headers.
"""

from events.catalog import EVENT_TYPES

SIGNATURE_HEADERS = [
    ("webhook-id", "The event id (`evt_…`), the same on every retry: drop a repeat you already handled."),
    ("webhook-timestamp", "The attempt's time, in Unix seconds: refuse one far from now (replays)."),
    ("webhook-signature", 'Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.'),
]


def postprocess_webhook_payloads(result, generator, request, public):
    """A POSTPROCESSING_HOOK: `x-webhooks`, one entry per event type, referring to the WebhookPayload component."""
    if "WebhookPayload" not in result.get("components", {}).get("schemas", {}):
        return result
    parameters = [
        {"name": name, "in": "header", "required": True, "schema": {"type": "string"}, "description": description}
        for name, description in SIGNATURE_HEADERS
    ]
    result["x-webhooks"] = {
        event_type: {
            "post": {
                "summary": f"{event_type}: {sentence}",
                "description": "POSTed to every active endpoint subscribed to this type (or to `*`), signed per "
                "the Standard Webhooks specification with the endpoint's secret.",
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookPayload"}}},
                },
                "responses": {"2XX": {"description": "Received; any other answer is retried with backoff."}},
            }
        }
        for event_type, sentence in EVENT_TYPES.items()
    }
    return result
