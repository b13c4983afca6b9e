"""The schema of `POST /admin/draft-orders/calculate`'s answer: a draft order as create answers it, except that the
rows it would make are not made, so their ids and timestamps are null.

A POSTPROCESSING_HOOK (SPECTACULAR_SETTINGS): the response component refers to the draft order's components, and
the hook points it at `…Quote` copies of those whose rows a create makes, with those keys nullable. The
serializers stay the one declaration of the shape.
"""

import copy

# the response components whose draft order is a quote
QUOTE_ROOTS = ("AdminDraftOrdersCalculateRes",)
# components of rows a create makes (a new guest customer and new addresses among them)
GENERATED = frozenset(
    {
        "DraftOrder",
        "Cart",
        "LineItem",
        "Adjustment",
        "ComputedItemTaxLine",
        "ShippingMethod",
        "ComputedShippingTaxLine",
        "Customer",
        "Address",
    }
)
# their keys that hold a generated id or a timestamp
GENERATED_KEYS = frozenset(
    {
        *("id", "created_at", "updated_at", "display_id"),
        *("cart_id", "item_id", "shipping_method_id", "customer_id", "shipping_address_id", "billing_address_id"),
    }
)
REF = "#/components/schemas/"


def _quoted(schema, schemas: dict):
    """`schema` with its references to GENERATED components pointing at their quote copies (made as needed)."""
    if isinstance(schema, list):
        return [_quoted(value, schemas) for value in schema]
    if not isinstance(schema, dict):
        return schema
    quoted = {key: _quoted(value, schemas) for key, value in schema.items()}
    name = quoted.get("$ref", "").removeprefix(REF)
    if name in GENERATED:
        quoted["$ref"] = f"{REF}{_quote_component(name, schemas)}"
    return quoted


def _quote_component(name: str, schemas: dict) -> str:
    quote = f"{name}Quote"
    if quote not in schemas:
        schemas[quote] = {}  # taken, before the recursion meets it again
        component = copy.deepcopy(schemas[name])
        for key, value in component.get("properties", {}).items():
            if key in GENERATED_KEYS:
                value["nullable"] = True
        description = f"`{name}` as a quote shows it: the ids and timestamps of rows not made are null."
        schemas[quote] = {**_quoted(component, schemas), "description": description}
    return quote


def postprocess_quote_components(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for root in QUOTE_ROOTS:
        if root in schemas:
            schemas[root] = _quoted(schemas[root], schemas)
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result
