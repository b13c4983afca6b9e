"""What an update changed, from the resource as the API printed it before and after: plain data in, plain data out.

A change is one of
  {"op": "set", "path": "cart.email", "from": "a@x.com", "to": "b@x.com"}
      (for a related object, "from"/"to" are its ids and "from_label"/"to_label" name it)
  {"op": "add" | "remove", "path": "cart.items", "id": "item_…", "label": "Classic Tee M", "quantity": 2}
  {"op": "update", "path": "cart.items", "id": "item_…", "label": "Classic Tee M",
   "fields": {"quantity": {"from": 1, "to": 3}}}
  {"op": "send", "path": "invoice", "to": "jane@example.com", "subject": "…"}
      (something sent rather than changed: the invoice mailed)
Lists of objects with ids (lines, shipping methods, discounts) are compared entry by entry; computed values
(totals, timestamps) are left out: they follow from the rest.
"""

import json
from typing import Any

# `has_shipping` follows the cart's shipping methods, whose own change is listed
DERIVED_KEYS = frozenset(
    {"created_at", "updated_at", "deleted_at", "subtotal", "total", "refundable_amount", "refundable", "has_shipping"}
)
# a draft order's cart is its body: "the email", not "the cart email"
TRANSPARENT_SEGMENTS = frozenset({"cart"})
NOUNS = {"items": "", "shipping_methods": "shipping method", "discounts": "discount"}


def _derived(key: str) -> bool:
    return key in DERIVED_KEYS or key.endswith("_total") or key.startswith("raw_") or key == "tax_lines"


def _is_entity(value) -> bool:
    return isinstance(value, dict) and "id" in value


def _is_collection(value) -> bool:
    return isinstance(value, list) and all(_is_entity(entry) for entry in value)


def label(entity: dict) -> str:
    """How a line, a shipping method, a discount or an address is named in a sentence."""
    if entity.get("code"):
        return str(entity["code"])
    if entity.get("title"):
        return " ".join(str(part) for part in (entity["title"], entity.get("description")) if part)
    if entity.get("name"):
        return str(entity["name"])
    option = entity.get("shipping_option")
    if isinstance(option, dict) and option.get("name"):
        return str(option["name"])
    if entity.get("address_1"):
        return ", ".join(str(part) for part in (entity["address_1"], entity.get("city")) if part)
    if entity.get("email"):  # a customer (addresses, named above, have names but no email)
        return str(entity["email"])
    return str(entity["id"])


def _entry(op: str, path: str, entity: dict) -> dict:
    change = {"op": op, "path": path, "id": entity["id"], "label": label(entity)}
    if "quantity" in entity:
        change["quantity"] = entity["quantity"]
    return change


def _scalar_fields(entity: dict) -> dict:
    """An entry's own values: nested relations (a line's variant, its adjustments) are other resources."""
    return {
        key: value
        for key, value in entity.items()
        if not _derived(key) and not _is_entity(value) and not isinstance(value, list)
    }


def _collection_changes(path: str, before: list[dict], after: list[dict]) -> list[dict]:
    old = {entry["id"]: entry for entry in before}
    new = {entry["id"]: entry for entry in after}
    changes = [_entry("add", path, entry) for entry in after if entry["id"] not in old]
    for entry in after:
        if entry["id"] not in old or old[entry["id"]] == entry:  # new, or the same to the last nested value
            continue
        was, now = _scalar_fields(old[entry["id"]]), _scalar_fields(entry)
        fields = {
            key: {"from": was.get(key), "to": now.get(key)}
            for key in dict.fromkeys([*was, *now])
            if was.get(key) != now.get(key)
        }
        if fields:
            changes.append({"op": "update", "path": path, "id": entry["id"], "label": label(entry), "fields": fields})
    changes += [_entry("remove", path, entry) for entry in before if entry["id"] not in new]
    return changes


def _id_of_entity_beside(key: str, before: dict, after: dict) -> bool:
    """`customer_id` beside `customer`: the object's change says it, with names."""
    if not key.endswith("_id"):
        return False
    related = key.removesuffix("_id")
    return _is_entity(before.get(related)) or _is_entity(after.get(related))


def resource_changes(before: dict, after: dict, *, path: str = "") -> list[dict]:
    """The changes from `before` to `after` (two API representations of one resource), in the key order of
    `after`; [] when nothing but computed values changed."""
    changes: list[dict[str, Any]] = []
    for key in dict.fromkeys([*after, *before]):
        if _derived(key) or _id_of_entity_beside(key, before, after):
            continue
        was, now = before.get(key), after.get(key)
        where = f"{path}.{key}" if path else key
        if was == now:
            continue
        if _is_entity(was) and _is_entity(now) and was["id"] == now["id"]:
            changes += resource_changes(was, now, path=where)
        elif _is_collection(was or []) and _is_collection(now or []) and (was or now):
            changes += _collection_changes(where, was or [], now or [])
        elif _is_entity(was) or _is_entity(now):
            change = {"op": "set", "path": where, "from": (was or {}).get("id"), "to": (now or {}).get("id")}
            change.update(from_label=label(was) if was else None, to_label=label(now) if now else None)
            changes.append(change)
        else:
            changes.append({"op": "set", "path": where, "from": was, "to": now})
    return changes


def _field_name(path: str) -> str:
    return " ".join(part.replace("_", " ") for part in path.split(".") if part not in TRANSPARENT_SEGMENTS)


def _value(value) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, dict | list):  # metadata: as JSON, not as Python writes it
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _named(change: dict) -> str:
    noun = NOUNS.get(change["path"].rsplit(".", 1)[-1], _field_name(change["path"]).removesuffix("s"))
    return f"{noun} {change['label']}" if noun else change["label"]


def change_phrase(change: dict) -> str:
    """One change as the middle of a sentence: "added 2 × Classic Tee M", "changed the email from a to b"."""
    op = change["op"]
    if op == "send":
        return f"sent the {_field_name(change['path'])} to {_value(change.get('to'))}"
    if op == "add":
        if "quantity" in change:
            return f"added {change['quantity']} × {change['label']}"
        return f"added {_named(change)}"
    if op == "remove":
        return f"removed {_named(change)}"
    if op == "update":
        return " and ".join(
            f"changed the {name.replace('_', ' ')} of {change['label']} from {_value(values['from'])} to "
            f"{_value(values['to'])}"
            for name, values in change["fields"].items()
        )
    field = _field_name(change["path"])
    was = change.get("from_label", change.get("from"))
    now = change.get("to_label", change.get("to"))
    if was is None or was == "":
        return f"set the {field} to {_value(now)}"
    if now is None or now == "":
        return f"cleared the {field}"
    return f"changed the {field} from {_value(was)} to {_value(now)}"


def joined(phrases: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"
