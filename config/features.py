"""Medusa v1's feature flags, as `GET /admin/store` lists them, set to what this project does.

They are facts about the code, not settings: a flag is on only where the behaviour behind it is built.
"""

# v1 1.20's flags in the order its store lists them (file 89 of the pricing reference); v1 answers `analytics`,
# `order_editing` and `publishable_api_keys` on, but this project has no telemetry, order edits or publishable
# keys, so it says they are off rather than send a v1 admin to endpoints that are not here.
FEATURE_FLAGS = {
    "analytics": False,
    "medusa_v2": False,
    "order_editing": False,
    "product_categories": False,
    "publishable_api_keys": False,
    "sales_channels": True,
    # prices are tax-exclusive only (v1's default): every `includes_tax` is refused (IncludesTaxField)
    "tax_inclusive_pricing": False,
    "workflows": False,
}
