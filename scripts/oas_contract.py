"""Derive the API contract from Medusa v1's admin spec, and flatten any OpenAPI schema the same way.

    .venv/bin/python scripts/oas_contract.py [SPEC] [OUT]

SPEC defaults to v1's spec restricted to the paths the project serves (`v1_spec()`: the paths of the subset
../shared/reference/medusa-v1-admin-oas-subset.json and PRICING_PATHS, taken from the full
../shared/reference/medusa-v1-admin-oas.json), OUT to tests/openapi/v1_contract.json. The contract keeps
names and shapes only: per operation its path, method, operationId, security scheme names, parameters,
request component and response components (or shared responses); per component its properties flattened to
dotted paths (`draft_order.cart.items[].quantity`) with type, nullable, required and enum. Descriptions,
examples and formats are left out.

In a response, v1 describes every relation of an entity but returns only those its handler loads, which the
component lists in `x-expanded-relations` (relations, eager, implicit); a relation outside that list is left
out of the contract, as v1 never sends it. A component without that list keeps its entities' plain fields.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "reference" / "medusa-v1-admin-oas-subset.json"
FULL_SPEC = ROOT.parent / "shared" / "reference" / "medusa-v1-admin-oas.json"
# v1's paths for customer groups, price lists, tax rates, sales channels, priced variants and the store (issue 17),
# beyond the subset's
PRICING_PATHS = (
    "/admin/customer-groups",
    "/admin/customer-groups/{id}",
    "/admin/customer-groups/{id}/customers",
    "/admin/customer-groups/{id}/customers/batch",
    "/admin/price-lists",
    "/admin/price-lists/{id}",
    "/admin/price-lists/{id}/prices/batch",
    "/admin/price-lists/{id}/products/{product_id}/prices",
    "/admin/price-lists/{id}/variants/{variant_id}/prices",
    "/admin/tax-rates",
    "/admin/tax-rates/{id}",
    "/admin/tax-rates/{id}/products/batch",
    "/admin/tax-rates/{id}/product-types/batch",
    "/admin/tax-rates/{id}/shipping-options/batch",
    "/admin/sales-channels",
    "/admin/sales-channels/{id}",
    "/admin/variants",
    "/admin/store",
)
DEFAULT_OUT = ROOT / "tests" / "openapi" / "v1_contract.json"
METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref", "")
    return ref.removeprefix(REF_PREFIX) if ref.startswith(REF_PREFIX) else None


class Flattener:
    """Walks a schema into `{dotted path: {type, nullable, required[, enum][, open]}}`."""

    def __init__(self, spec: dict, *, follow_all_relations: bool):
        self.schemas = spec.get("components", {}).get("schemas", {})
        self.follow_all_relations = follow_all_relations

    def resolve(self, schema: dict) -> tuple[dict, str | None, bool]:
        """The schema behind `$ref` / single-member `allOf`, its component name and whether it is nullable."""
        nullable = bool(schema.get("nullable"))
        name = None
        while True:
            if "$ref" in schema:
                name = _ref_name(schema)
                extra = {k: v for k, v in schema.items() if k != "$ref"}
                nullable = nullable or bool(extra.get("nullable"))
                schema = self.schemas[name]
                nullable = nullable or bool(schema.get("nullable"))
                continue
            if "allOf" in schema and len(schema["allOf"]) == 1:
                nullable = nullable or bool(schema.get("nullable"))
                schema = schema["allOf"][0]
                continue
            return schema, name, nullable

    def members(self, schema: dict) -> list[dict]:
        return schema.get("oneOf") or schema.get("anyOf") or []

    def type_of(self, schema: dict) -> str:
        schema, name, _ = self.resolve(schema)
        if self.members(schema):
            kinds = set()
            for member in self.members(schema):
                member_type = self.type_of(member)
                if member_type != "null":
                    kinds.update(member_type.split("|"))
            return "|".join(sorted(kinds))
        if "allOf" in schema or "properties" in schema:
            return "object"
        if "type" not in schema and schema.get("enum"):  # spectacular's BlankEnum / NullEnum members
            return "|".join(sorted({JSON_TYPES.get(type(value), "any") for value in schema["enum"]}))
        return schema.get("type", "any")

    def enum_of(self, schema: dict) -> list[str] | None:
        """The values an enum (or a union of enums) allows, `""` included; None when any value goes."""
        schema = self.resolve(schema)[0]
        members = self.members(schema)
        if members:
            values = [self.enum_of(member) for member in members if self.type_of(member) != "null"]
            if not values or None in values:
                return None
            return sorted({value for member_values in values for value in member_values})
        if schema.get("enum"):
            return sorted(str(value) for value in schema["enum"] if value is not None)
        return None

    def nullable_of(self, schema: dict) -> bool:
        schema, _, nullable = self.resolve(schema)
        return nullable or any(self.type_of(m) == "null" or self.resolve(m)[2] for m in self.members(schema))

    def properties(self, schema: dict) -> tuple[dict, list[str]] | None:
        """An object's properties and required names (merging `allOf`, taking an object member of a union)."""
        schema, _, _ = self.resolve(schema)
        if "allOf" in schema:
            properties, required = {}, []
            for member in schema["allOf"]:
                found = self.properties(member)
                if found:
                    properties.update(found[0])
                    required += found[1]
            return properties, required
        for member in self.members(schema):
            found = self.properties(member)
            if found:
                return found
        if "properties" in schema:
            return schema["properties"], list(schema.get("required", []))
        return None

    def flatten(self, schema: dict, *, expanded: set[str] | None = None) -> dict:
        out: dict = {}
        self._walk(schema, "", out, expanded=expanded, relation_path="", stack=())
        return out

    def _walk(self, schema, prefix, out, *, expanded, relation_path, stack):
        found = self.properties(schema)
        if found is None:
            return
        properties, required = found
        for name, prop in properties.items():
            path = f"{prefix}.{name}" if prefix else name
            entry = {"type": self.type_of(prop), "nullable": self.nullable_of(prop), "required": name in required}
            target, is_array = prop, False
            resolved, _, _ = self.resolve(prop)
            if resolved.get("type") == "array" and "items" in resolved:
                target, is_array = resolved["items"], True
                entry["items"] = self.type_of(target)
            enum = self.enum_of(target)
            if enum:
                entry["enum"] = enum
            target_resolved, component, _ = self.resolve(target)
            is_entity = component is not None and self.properties(target) is not None
            child_relation = f"{relation_path}.{name}" if relation_path else name
            if is_entity and stack and not self._follows(child_relation, expanded):
                continue  # a relation v1 does not load for this response
            out[path] = entry
            child_prefix = f"{path}[]" if is_array else path
            if component and component in stack:
                entry["open"] = True  # a cycle: stop here
                continue
            if self.properties(target) is None:
                if entry.get("items", entry["type"]) in ("object", "any"):
                    entry["open"] = True  # free-form object (metadata, data)
                continue
            self._walk(
                target,
                child_prefix,
                out,
                expanded=expanded,
                relation_path=child_relation if stack else "",
                stack=stack + ((component or path),),
            )

    def _follows(self, relation: str, expanded: set[str] | None) -> bool:
        if self.follow_all_relations:
            return True
        return expanded is not None and relation in expanded


def _expanded_relations(component: dict) -> set[str] | None:
    info = component.get("x-expanded-relations")
    if not info:
        return None
    return {*info.get("relations", []), *info.get("eager", []), *info.get("implicit", [])}


def _parameters(flattener: Flattener, operation: dict) -> dict:
    out = {}
    for parameter in operation.get("parameters", []):
        key = f"{parameter['in']}:{parameter['name']}"
        schema = parameter.get("schema", {})
        entry = {
            "type": flattener.type_of(schema),
            "required": bool(parameter.get("required")),
        }
        resolved = flattener.resolve(schema)[0]
        if resolved.get("type") == "array":
            entry["items"] = flattener.type_of(resolved["items"])
            resolved = resolved["items"]
        enum = flattener.enum_of(resolved)
        if enum:
            entry["enum"] = enum
        out[key] = entry
        for path, sub in flattener.flatten(schema).items():
            out[f"{key}.{path}"] = {"type": sub["type"], "required": sub["required"]}
    return out


def _body_component(flattener: Flattener, content: dict, components: dict, *, follow: bool) -> str | None:
    media = content.get("application/json")
    if not media or "schema" not in media:
        return None
    schema = media["schema"]
    name = _ref_name(schema) or "<inline>"
    if name not in components:
        resolved = flattener.resolve(schema)[0]
        expanded = None if follow else _expanded_relations(resolved)
        components[name] = flattener.flatten(schema, expanded=expanded)
    return name


def contract(spec: dict, *, follow_all_relations: bool = False) -> dict:
    """The contract of a spec: v1's (`follow_all_relations=False`) or a live one (every relation followed)."""
    flattener = Flattener(spec, follow_all_relations=follow_all_relations)
    operations, components = {}, {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            security = operation.get("security", spec.get("security")) or []
            entry = {
                "path": path,
                "method": method,
                "security": sorted({name for requirement in security for name in requirement}),
                "parameters": _parameters(flattener, operation),
                "request": None,
                "responses": {},
            }
            body = operation.get("requestBody")
            if body:
                entry["request"] = _body_component(
                    flattener, body.get("content", {}), components, follow=follow_all_relations
                )
            for status, response in operation.get("responses", {}).items():
                if "$ref" in response:
                    entry["responses"][status] = {"response": response["$ref"].rsplit("/", 1)[-1]}
                    continue
                name = _body_component(flattener, response.get("content", {}), components, follow=follow_all_relations)
                media = sorted(response.get("content", {}))
                entry["responses"][status] = {"component": name} if name else {"media": media}
            operations[operation["operationId"]] = entry
    responses = {
        name: {
            "media": sorted(response.get("content", {})),
            "component": next(
                (
                    _ref_name(media.get("schema", {})) or flattener.type_of(media.get("schema", {}))
                    for media in response.get("content", {}).values()
                ),
                None,
            ),
        }
        for name, response in spec.get("components", {}).get("responses", {}).items()
    }
    return {
        "operations": dict(sorted(operations.items())),
        "components": dict(sorted(components.items())),
        "responses": responses,
        "security_schemes": spec.get("components", {}).get("securitySchemes", {}),
    }


def v1_spec() -> dict:
    """v1's full spec with only the subset's paths and PRICING_PATHS, and the subset's shared responses (the subset
    copies its paths and components verbatim from the full spec, so those come out the same)."""
    full, subset = json.loads(FULL_SPEC.read_text()), json.loads(DEFAULT_SPEC.read_text())
    components = {**full["components"], "responses": subset["components"]["responses"]}
    paths = {path: full["paths"][path] for path in [*subset["paths"], *PRICING_PATHS]}
    return {**full, "paths": paths, "components": components}


def dump(value, indent: str = "") -> str:
    """JSON with one line per flat object (a property, a parameter), so a diff shows one line per change."""
    flat = isinstance(value, dict) and all(not isinstance(v, dict) for v in value.values())
    if not isinstance(value, dict) or flat or not value:
        return json.dumps(value)
    inner = indent + " "
    items = [f"{inner}{json.dumps(key)}: {dump(item, inner)}" for key, item in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def main(argv: list[str]) -> None:
    spec_path = Path(argv[1]) if len(argv) > 1 else None
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    spec = json.loads(spec_path.read_text()) if spec_path else v1_spec()
    result = {
        "source": {
            "file": spec_path.name if spec_path else f"{DEFAULT_SPEC.name} + PRICING_PATHS of {FULL_SPEC.name}",
            "x-source": spec.get("info", {}).get("x-source", {}).get("generator"),
            "generated_by": "scripts/oas_contract.py",
        },
        **contract(spec),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(dump(result) + "\n")
    print(f"wrote {out_path} ({len(result['operations'])} operations, {len(result['components'])} components)")


if __name__ == "__main__":
    main(sys.argv)
