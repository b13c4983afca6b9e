"""The live schema keeps Medusa v1's admin contract (tests/openapi/v1_contract.json, from scripts/oas_contract.py).

For every v1 operation: the same path, method, operationId, security schemes, parameters, request and response
component names and shared error responses; every request property v1 documents accepted with a compatible
type; every response property v1 returns present, typed as v1 types it. Each difference the project makes is
listed in KNOWN_DIFFERENCES with its reason, and the test fails on any other one (and on a listed one that
no longer happens, so the list stays true).

Compatibility runs one way per direction. A request must accept what a v1 client sends: v1's properties,
types (an integer where v1 says number is narrower), null where v1 allows it, no new required property. A
response must be readable by a v1 client: v1's properties, types within v1's, null only where v1 allows
it, every property v1 requires. Properties v1 does not describe are listed too (`extra`).
"""

import json
import re
from pathlib import Path

import pytest

from scripts import oas_contract

CONTRACT = Path(__file__).with_name("v1_contract.json")

DEPARTURE = 'departure "{}" (docs/departures.md)'
ADDITION = 'addition "{}" (docs/additions.md)'
V1_SILENT = "v1 answers it but does not document it (observed in v1's own answers)"
V1_NEVER_SENDS = "v1 documents it but its own answers never carry it (observed: T1, T16, T17, T20)"
NOT_MODELLED = "not modelled by this project (reported as a gap: it needs a behaviour change, not a schema one)"
PLAIN_STRING = "a plain string where v1 has an enum: the values are v1's, the schema keeps one enum per name"

# (pattern, reason): a difference's text, `*` matching anything
KNOWN_DIFFERENCES = [
    # --- shared responses and statuses ----------------------------------------------------------------------
    (
        "response unauthorized: *",
        DEPARTURE.format("errors in JSON")
        + ": a failed authentication answers the JSON error shape, not v1's plain text",
    ),
    (
        "response incorrect_credentials: *",
        DEPARTURE.format("errors in JSON") + ": a failed login answers the JSON error shape",
    ),
    ("response 400_error: *", "the project never answers v1's MultipleErrors: every 400 is one Error"),
    (
        "*: response 403 extra {'response': 'csrf_failed'}",
        "a session-cookie request that changes something needs the X-CSRFToken header (Django's CSRF check)",
    ),
    (
        "*: response 413 extra {'response': 'payload_too_large'}",
        "v1's 100 kb body limit answers in the error shape (API_MAX_BODY_BYTES)",
    ),
    ("*: response 415 extra {'response': 'unsupported_media_type'}", "a body must be application/json"),
    (
        "*: response 503 extra {'response': 'database_unavailable'}",
        "an unreachable database is database_error with 503 and Retry-After, not v1's 500",
    ),
    (
        "* header:Idempotency-Key: extra",
        DEPARTURE.format("idempotency keys") + ": an optional key that makes a retried write run once",
    ),
    ("* header:If-Match: extra", DEPARTURE.format("conditional requests") + ": a write refused if the ETag changed"),
    ("*: response 412 extra {'response': 'precondition_failed'}", DEPARTURE.format("conditional requests")),
    ("* header:If-None-Match: extra", DEPARTURE.format("conditional requests") + ": a read answered 304"),
    ("*: response 304 extra {'media': []}", DEPARTURE.format("conditional requests")),
    ("Post*Token: response 429 extra*", "repeated failed logins are throttled (LOGIN_FAILURE_LIMIT), v1 has none"),
    ("PostAuth: response 429 extra*", "repeated failed logins are throttled (LOGIN_FAILURE_LIMIT), v1 has none"),
    # --- query parameters -----------------------------------------------------------------------------------
    (
        "Get*:offset: type number -> integer",
        "v1 writes number; an offset is a whole number (a fraction is accepted and truncated)",
    ),
    (
        "Get*:limit: type number -> integer",
        "v1 writes number; a limit is a whole number (a fraction is accepted and truncated)",
    ),
    (
        "GetDiscounts query:fields: extra",
        "v1's handler takes `fields` (its DTO extends FindParams); accepted and ignored here",
    ),
    ("GetProductsProduct query:*: extra", "v1's handler takes `expand`/`fields` without documenting them"),
    ("GetRegions query:*: extra", "v1's handler takes `expand`/`fields` without documenting them"),
    ("GetRegionsRegion query:*: extra", "v1's handler takes `expand`/`fields` without documenting them"),
    ("GetCustomers query:fields: missing", "`fields` on customers: " + NOT_MODELLED),
    ("GetCustomersCustomer query:fields: missing", "`fields` on customers: " + NOT_MODELLED),
    ("PostCustomersCustomer query:fields: missing", "`fields` on customers: " + NOT_MODELLED),
    ("GetOrders query:*: missing", "the order list's filters, `expand`, `fields` and `order`: " + NOT_MODELLED),
    ("GetOrdersOrder query:*: missing", "`expand`/`fields` on an order: " + NOT_MODELLED),
    ("PostOrdersOrder query:*: missing", "`expand`/`fields` on an order: " + NOT_MODELLED),
    (
        "GetProducts query:*: missing",
        "product filters by collection, tag, type, price list, sales channel, category, deleted_at: " + NOT_MODELLED,
    ),
    ("GetProductsProductVariants query:*: missing", "variant filters `id` and `inventory_quantity`: " + NOT_MODELLED),
    # --- request bodies -------------------------------------------------------------------------------------
    ("AdminPostDraftOrdersDraftOrderReq shipping_methods: extra", DEPARTURE.format("update takes shipping methods")),
    ("AdminPostDraftOrdersDraftOrderReq metadata: extra", DEPARTURE.format("update takes metadata")),
    ("AdminPostOrdersOrderReq metadata: extra", DEPARTURE.format("order contact details")),
    # additions "manual discounts" and "notes and tags" (issue 18)
    ("AdminPost*Req manual_discount: extra", ADDITION.format("manual discounts")),
    ("AdminPostDraftOrdersReq items[].manual_discount: extra", ADDITION.format("manual discounts")),
    ("*items[].manual_discount: extra", ADDITION.format("manual discounts")),
    ("AdminDraftOrders*Res draft_order*.manual_discount: extra", ADDITION.format("manual discounts")),
    ("AdminPostDraftOrders*Req note: extra", ADDITION.format("notes and tags")),
    ("AdminPostDraftOrders*Req tags: extra", ADDITION.format("notes and tags")),
    ("GetDraftOrders query:tags: extra", ADDITION.format("notes and tags")),
    ("AdminDraftOrders*Res draft_order*.note: extra", ADDITION.format("notes and tags")),
    ("AdminDraftOrders*Res draft_order*.tags: extra", ADDITION.format("notes and tags")),
    ("AdminOrders*Res order*.note: extra", ADDITION.format("notes and tags")),
    ("AdminOrders*Res order*.tags: extra", ADDITION.format("notes and tags")),
    ("AdminPostDraftOrders*Req reserve_inventory_until: extra", ADDITION.format("stock holds")),
    *(
        (
            f"AdminPostOrdersOrderReq {name}: missing",
            DEPARTURE.format("order contact details") + ": what was paid for is not changed after the payment",
        )
        for name in ("items", "region", "discounts", "customer_id", "payment_method", "shipping_method")
    ),
    (
        "AdminPostDiscounts*Req rule.conditions[].*: missing",
        "conditions on product types, collections, tags and customer groups: " + NOT_MODELLED,
    ),
    ("AdminPostProducts*Req *: missing", "a product's collection, tags and categories: " + NOT_MODELLED),
    (
        "AdminPostProducts*Req *weight: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    (
        "AdminPostProducts*Req *length: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    (
        "AdminPostProducts*Req *height: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    (
        "AdminPostProducts*Req *width: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    (
        "AdminPostProductsReq variants[].prices: required",
        "a variant is created with its prices (a gap against v1, reported: it needs a behaviour change)",
    ),
    (
        "AdminPostDiscounts*Req rule.value: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    (
        "AdminPostDiscounts*Req usage_limit: type number -> integer",
        "v1's column is an integer and a fraction fails in its database (500); refused here with a 400",
    ),
    ("AdminPostRegions*Req metadata: extra", "a region's metadata is stored here; v1's spec leaves it out"),
    (
        "AdminPostShippingOptionsOptionReq price_type: extra",
        "an option's price type can be changed here; v1's spec leaves it out of the update",
    ),
    (
        "AdminPostShippingOptionsReq profile_id: type number -> string",
        "v1's spec says number; a profile id is a string (`sp_…`), as v1's DTO declares it",
    ),
    # --- responses: v1's spec against v1's own answers -------------------------------------------------------
    ("*.display_id: type string -> integer", "v1's spec says string; v1 answers a number (observed T1, T17)"),
    (
        "*.raw_discount_total: type integer -> number",
        "a fixed discount spread over lines is fractional; v1 prints 444.4444444444444 (the money rule)",
    ),
    ("*countries[].id: type string -> integer", "v1's spec says string; v1 answers a number (`id: 236`)"),
    ("*countries[].num_code: type string -> integer", "v1's spec says string; v1 answers a number"),
    (
        "AdminDraftOrdersRes draft_order.cart.*tax_lines[].*: missing",
        "a draft order's tax lines are computed, not stored: no id or timestamps until Mark Paid (as v1)",
    ),
    ("AdminDraftOrdersListRes draft_orders[].cart.*: missing", "v1's list prints no totals (observed T17)"),
    ("AdminDraftOrdersListRes draft_orders[].order.*: missing", "v1's list prints no totals (observed T17)"),
    ("AdminDraftOrders*Res draft_order*.order.*: missing", "v1 prints a draft order's order without totals"),
    (
        "AdminDraftOrdersListRes draft_orders[].*: optional",
        DEPARTURE.format("list queries") + ": `fields` and `expand` choose a list entry's keys",
    ),
    (
        "AdminDraftOrdersRes draft_order.idempotency_key: missing",
        "v1 prints it on an update only (observed c07); a gap, reported",
    ),
    ("AdminDraftOrdersListRes draft_orders[].idempotency_key: missing", V1_NEVER_SENDS),
    ("AdminDraftOrdersRes draft_order.cart.refunded_total: missing", V1_NEVER_SENDS),
    ("AdminDraftOrdersRes draft_order.cart.refundable_amount: missing", V1_NEVER_SENDS),
    ("AdminDraftOrders*Res draft_order*.reserve_inventory_until: extra", ADDITION.format("stock holds")),
    ("*.items[].refundable: missing", V1_NEVER_SENDS),
    ("*.items[].gift_card_total: missing", V1_NEVER_SENDS),
    ("*.items[].raw_discount_total: missing", V1_NEVER_SENDS),
    ("*includes_tax: missing", "tax-inclusive pricing (v1 feature flag): not modelled, and v1 never sends it"),
    ("*.variant.purchasable: missing", V1_NEVER_SENDS),
    ("*.region.fulfillment_providers: missing", V1_NEVER_SENDS),
    ("*.region.payment_providers: missing", V1_NEVER_SENDS + "; an order's and an option's region print none"),
    ("AdminDiscountsRes discount.regions[].*_providers: missing", "a discount's regions print their columns only"),
    ("*.cart.object: extra", V1_SILENT),
    ("*.order.object: extra", V1_SILENT),
    ("*_address.country: extra", V1_SILENT),
    ("*shipping_addresses[].country: extra", V1_SILENT),
    ("*shipping_methods[].original_total: extra", V1_SILENT),
    ("*shipping_methods[].original_tax_total: extra", V1_SILENT),
    ("*product*.profile: extra", "v1 1.20's afterLoad sets `profile` from `profiles` (products/api/serializers.py)"),
    ("*product.profiles[].type: enum None", PLAIN_STRING),
    ("*profile.type: enum None", PLAIN_STRING),
    ("*rule.conditions[].type: enum None", PLAIN_STRING + " (only product conditions are modelled)"),
    (
        "AdminPostDraftOrdersDraftOrderRegisterPaymentRes order.*: extra",
        "v1's spec gives Mark Paid's order no relations; v1 answers them (observed T16)",
    ),
    (
        "AdminPostDraftOrdersDraftOrderRegisterPaymentRes order.*: missing",
        "Mark Paid answers only the order keys v1 selects (observed T16)",
    ),
    ("AdminOrders*Res order*.*_address_id: missing", "v1's order GET does not select them (observed T16)"),
    ("AdminOrders*Res order*.idempotency_key: missing", "v1's order GET does not select it (observed T16)"),
    ("AdminOrders*Res order*.external_id: missing", "v1's order GET does not select it (observed T16)"),
    ("AdminOrders*Res order*.raw_discount_total: missing", V1_NEVER_SENDS),
    ("AdminOrders*Res order*.sales_channel: extra", V1_SILENT),
    ("AdminProducts*Res *variants[].purchasable: missing", "price selection for sales: " + NOT_MODELLED),
    (
        "AdminProducts*Res *variants[].*: missing",
        "v1's priced-variant fields (calculated and original prices, taxes): " + NOT_MODELLED,
    ),
    ("AdminProducts*Res *.profiles: extra", "v1 1.20 prints a product's shipping profiles"),
    ("AdminProducts*Res *.options[].values: extra", V1_SILENT),
    ("AdminProducts*Res *.sales_channels: extra", "v1 prints the (here always empty) sales channels"),
    ("AdminProducts*Res *.variants[].held_*: extra", ADDITION.format("stock holds")),
    (
        "AdminProductsListVariantsRes variants[].*: optional",
        "v1 answers only `id` and `product_id` unless `fields`/`expand` ask for more",
    ),
    ("AdminProductsListVariantsRes variants[].*: extra", "the relations `expand` may ask for"),
    ("AdminRegions*Res region*.currency: extra", V1_SILENT),
    (
        "AdminShippingOptions*Res shipping_option*.price_incl_tax: extra",
        "v1's admin handler adds the option's prices with tax",
    ),
    ("AdminShippingOptions*Res shipping_option*.tax_rates: extra", "v1's admin handler adds the option's tax rates"),
    ("AdminShippingOptions*Res shipping_option*.tax_amount: extra", "v1's admin handler adds the option's tax"),
    (
        "AdminCustomers*Res customer*.*: extra",
        "the relations `expand` may add (v1 documents only the default ones)",
    ),
    # --- customer groups, price lists, tax rates, sales channels, variants, store (issue 17) -----------------
    ("PostStore: not implemented", "the store's name, currencies and link templates are fixed here"),
    ("GetCustomerGroups query:discount_condition_id: missing", "discount conditions on groups: " + NOT_MODELLED),
    ("GetCustomerGroups query:id: type array|object|string -> array|string", "ids filter as ids, not operators"),
    ("GetCustomerGroups query:id.*: missing", "ids filter as ids, not operators"),
    (
        "*TaxRates* query:fields: enum *",
        "the tax rate's column names only (v1 passes an unknown one to its query and answers 500)",
    ),
    (
        "*TaxRates* query:expand: enum *",
        "the tax rate's relations only (v1 passes an unknown one to its query and answers 500)",
    ),
    ("GetVariants query:cart_id: missing", "pricing for a cart's region and customer: pass region_id and customer_id"),
    (
        "AdminDeletePriceListPricesPricesReq price_ids: required",
        "v1's DTO requires it (@ArrayNotEmpty); its spec says optional",
    ),
    (
        "AdminPostPriceListPricesPricesReq prices: required",
        "v1's DTO requires it (@IsArray without @IsOptional); its spec says optional",
    ),
    ("AdminCustomerGroups*Res customer_group*.customers: extra", "the relation `expand=customers` adds"),
    ("AdminExtendedStoresRes store.default_sales_channel: extra", V1_SILENT + " (pricing file 89)"),
    (
        "AdminExtendedStoresRes store.*_providers: extra",
        "v1 answers the providers as a list (pricing file 89); its spec types each as one object",
    ),
    ("AdminPriceListRes price_list.prices[].variant*: extra", V1_SILENT + " (pricing file 11)"),
    ("AdminPriceListsListRes price_lists[].customer_groups: extra", "v1's default price-list relations"),
    (
        "AdminTaxRates*Res tax_rate*.*: optional",
        "v1 answers only the columns `fields[]` asks for (all of them by default, pricing file 69)",
    ),
    ("AdminTaxRates*Res tax_rate*.*_count: missing", "v1 counts links only when `fields[]` asks; not offered"),
    ("AdminTaxRates*Res tax_rate*.metadata: missing", "v1's answer leaves it out (pricing file 69)"),
    ("AdminTaxRates*Res tax_rate*.*: extra", "the relations `expand[]` may add (v1 documents them as expandable)"),
    ("AdminVariantsListRes variants[].product.profile_id: missing", "v1's answer leaves it out (pricing file 32)"),
    ("AdminVariantsListRes variants[].variant_rank: missing", "v1's answer leaves it out (pricing file 32)"),
    ("AdminVariantsListRes variants[].purchasable: missing", "v1's answer leaves it out (pricing file 32)"),
    (
        "AdminVariantsListRes variants[].*: nullable",
        "null without a price, a region or automatic taxes, as v1 answers (pricing reference 4.4)",
    ),
    ("AdminVariantsListRes offset: missing", "v1 answers `{variants, count}` (pricing file 32)"),
    ("AdminVariantsListRes limit: missing", "v1 answers `{variants, count}` (pricing file 32)"),
    ("AdminVariantsListRes variants[].prices[].price_list: extra", V1_SILENT + " (pricing file 32)"),
    ("AdminVariantsListRes variants[].calculated_price_type: extra", V1_SILENT + " (pricing file 32)"),
]


# Operations beyond v1's admin subset, deliberate additions (docs/additions.md): (path, method) -> (operationId, reason)
WEBHOOKS = "webhooks are not a v1 resource: an addition (issue 14) in v1's conventions"
OWN_OPERATIONS = {
    ("/admin/discounts/code/{code}", "get"): ("GetDiscountsDiscountCode", "in v1's full spec, not in the subset"),
    ("/admin/webhooks", "get"): ("GetWebhooks", WEBHOOKS),
    ("/admin/webhooks", "post"): ("PostWebhooks", WEBHOOKS),
    ("/admin/webhooks/{id}", "get"): ("GetWebhooksWebhook", WEBHOOKS),
    ("/admin/webhooks/{id}", "post"): ("PostWebhooksWebhook", WEBHOOKS),
    ("/admin/webhooks/{id}", "delete"): ("DeleteWebhooksWebhook", WEBHOOKS),
    ("/admin/webhooks/{id}/deliveries", "get"): ("GetWebhooksWebhookDeliveries", WEBHOOKS),
    ("/admin/draft-orders/{id}/events", "get"): (
        "GetDraftOrdersDraftOrderEvents",
        "addition \"activity timeline\" (docs/additions.md): the draft order's events and its order's (issue 14)",
    ),
    ("/admin/orders/{id}/events", "get"): (
        "GetOrdersOrderEvents",
        "addition \"activity timeline\" (docs/additions.md): the order's events and its draft order's (issue 14)",
    ),
    ("/admin/draft-orders/calculate", "post"): (
        "PostDraftOrdersCalculate",
        'addition "calculate" (docs/additions.md): create\'s answer for a body, with nothing stored',
    ),
    ("/admin/draft-orders/{id}/duplicate", "post"): (
        "PostDraftOrdersDraftOrderDuplicate",
        'addition "duplicate" (docs/additions.md): a new draft order like this one',
    ),
    ("/admin/draft-orders/{id}/send-invoice", "post"): (
        "PostDraftOrdersDraftOrderSendInvoice",
        'addition "invoices" (docs/additions.md): mails the draft order\'s invoice',
    ),
}


def _pattern(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text).replace(r"\*", ".*") + "$")


def _type_fits(v1: str, ours: str, direction: str) -> bool:
    """A response type must be within v1's (a client reads it); a request type must take v1's (a client sends it)."""
    if v1 == ours:
        return True
    narrow, wide = (set(ours.split("|")), set(v1.split("|")))
    if direction == "request":
        narrow, wide = wide, narrow
    if "any" in wide:
        return True
    if "number" in wide:
        wide = wide | {"integer"}
    return narrow <= wide


def _entry_differences(where: str, v1: dict, ours: dict, direction: str) -> list[str]:
    found = []
    if not _type_fits(v1["type"], ours["type"], direction):
        found.append(f"{where}: type {v1['type']} -> {ours['type']}")
    elif "items" in v1 and not _type_fits(v1["items"], ours.get("items", "any"), direction):
        found.append(f"{where}: items {v1['items']} -> {ours.get('items')}")
    v1_enum, our_enum = set(v1.get("enum") or ()), set(ours.get("enum") or ())
    if direction == "response":
        if ours.get("nullable") and not v1.get("nullable"):
            found.append(f"{where}: nullable")
        if v1.get("required") and not ours.get("required"):
            found.append(f"{where}: optional")
        if v1_enum and (not our_enum or our_enum - v1_enum):
            found.append(f"{where}: enum {ours.get('enum')}")
    else:
        if v1.get("nullable") and not ours.get("nullable"):
            found.append(f"{where}: not nullable")
        if ours.get("required") and not v1.get("required"):
            found.append(f"{where}: required")
        if our_enum and (not v1_enum or v1_enum - our_enum):
            found.append(f"{where}: enum {ours.get('enum')}")
    return found


def _parent(path: str) -> str | None:
    return path.rsplit(".", 1)[0].removesuffix("[]") if "." in path else None


def _property_differences(name: str, v1: dict, ours: dict, direction: str) -> list[str]:
    found = []
    for path, entry in v1.items():
        if path not in ours:
            parent = _parent(path)
            if parent and (parent not in ours or ours[parent].get("open")):
                continue  # reported at its parent, or under a free-form object
            found.append(f"{name} {path}: missing")
            continue
        found += _entry_differences(f"{name} {path}", entry, ours[path], direction)
    for path in ours:
        parent = _parent(path)
        if path not in v1 and (parent is None or (parent in v1 and not v1[parent].get("open"))):
            found.append(f"{name} {path}: extra")
    return found


def differences(v1: dict, live: dict) -> list[str]:
    found = []
    for operation_id, v1_op in v1["operations"].items():
        op = live["operations"].get(operation_id)
        if op is None:
            found.append(f"{operation_id}: not implemented")
            continue
        for key in ("path", "method", "security", "request"):
            if v1_op[key] != op[key]:
                found.append(f"{operation_id}: {key} {v1_op[key]} -> {op[key]}")
        parameters = op["parameters"]
        for key, entry in v1_op["parameters"].items():
            parent = key.rsplit(".", 1)[0] if "." in key else None
            if key not in parameters:
                if not (parent and parent not in parameters):
                    found.append(f"{operation_id} {key}: missing")
                continue
            found += _entry_differences(f"{operation_id} {key}", entry, parameters[key], "request")
        for key in parameters:
            parent = key.rsplit(".", 1)[0] if "." in key else None
            if key not in v1_op["parameters"] and (parent is None or parent in v1_op["parameters"]):
                found.append(f"{operation_id} {key}: extra")
        for status, response in v1_op["responses"].items():
            if op["responses"].get(status) != response:
                found.append(f"{operation_id}: response {status} {response} -> {op['responses'].get(status)}")
        for status, response in op["responses"].items():
            if status not in v1_op["responses"]:
                found.append(f"{operation_id}: response {status} extra {response}")
    for name, properties in v1["components"].items():
        if name in live["components"]:
            direction = "request" if name.endswith("Req") else "response"
            found += _property_differences(name, properties, live["components"][name], direction)
    for name, response in v1["responses"].items():
        if live["responses"].get(name) != response:
            found.append(f"response {name}: {response} -> {live['responses'].get(name)}")
    return found


@pytest.fixture(scope="module")
def v1_contract() -> dict:
    return json.loads(CONTRACT.read_text())


@pytest.fixture(scope="module")
def live_contract(live_schema) -> dict:
    return oas_contract.contract(live_schema, follow_all_relations=True)


def test_the_contract_file_is_what_the_script_derives_from_v1s_spec(v1_contract):
    if not (oas_contract.DEFAULT_SPEC.exists() and oas_contract.FULL_SPEC.exists()):
        pytest.skip(f"v1's spec is not beside the repository ({oas_contract.FULL_SPEC})")
    derived = oas_contract.contract(oas_contract.v1_spec())
    assert {key: v1_contract[key] for key in derived} == derived, "run scripts/oas_contract.py"


def test_every_operation_has_v1s_path_method_and_operation_id(v1_contract, live_contract):
    # then: every operation the project serves is one of v1's, under v1's name
    v1_names = {(op["path"], op["method"]): name for name, op in v1_contract["operations"].items()}
    ours = {(op["path"], op["method"]): name for name, op in live_contract["operations"].items()}
    assert {key: name for key, name in ours.items() if key not in v1_names} == {
        key: name for key, (name, _reason) in OWN_OPERATIONS.items()
    }
    assert {key: name for key, name in ours.items() if key in v1_names} == {
        key: v1_names[key] for key in ours if key in v1_names
    }


def test_security_schemes_are_v1s_exactly(v1_contract, live_schema):
    assert live_schema["components"]["securitySchemes"] == v1_contract["security_schemes"]
    public = {"PostAuth", "PostToken"}
    for item in live_schema["paths"].values():
        for operation in item.values():
            expected = (
                None
                if operation["operationId"] in public
                else [{"api_token": []}, {"cookie_auth": []}, {"jwt_token": []}]
            )
            assert operation.get("security") == expected, operation["operationId"]


def test_the_schema_differs_from_v1_only_where_listed(v1_contract, live_contract):
    # given
    patterns = [(_pattern(text), text) for text, _ in KNOWN_DIFFERENCES]
    # when
    found = differences(v1_contract, live_contract)
    # then
    unexplained = [difference for difference in found if not any(p.match(difference) for p, _ in patterns)]
    assert unexplained == [], "\n".join(["differences from v1 with no reason in KNOWN_DIFFERENCES:", *unexplained])
    stale = [text for pattern, text in patterns if not any(pattern.match(difference) for difference in found)]
    assert stale == [], "\n".join(["KNOWN_DIFFERENCES that no longer happen:", *stale])
