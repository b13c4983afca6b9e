"""What an update changed, from the resource before and after, and how a timeline words it (pure: no database)."""

from events.changes import change_phrase, joined, resource_changes


def draft(items, email="jane@example.com", shipping=(), discounts=(), total=10000):
    return {
        "id": "dorder_1",
        "status": "open",
        "updated_at": "2026-01-01T00:00:00.000Z",
        "cart": {
            "id": "cart_1",
            "email": email,
            "items": items,
            "shipping_methods": list(shipping),
            "discounts": list(discounts),
            "total": total,
            "subtotal": total,
        },
    }


TEE = {"id": "item_1", "title": "Classic Tee", "description": "M", "quantity": 2, "unit_price": 8000, "total": 16000}


def test_an_added_line_is_named_with_its_quantity_title_and_variant():
    # given
    before, after = draft([]), draft([TEE], total=16000)
    # when
    changes = resource_changes(before, after)
    # then
    assert changes == [{"op": "add", "path": "cart.items", "id": "item_1", "label": "Classic Tee M", "quantity": 2}]
    assert change_phrase(changes[0]) == "added 2 × Classic Tee M"


def test_a_changed_quantity_lists_only_the_line_s_own_values_not_its_totals():
    # given
    before, after = draft([TEE]), draft([{**TEE, "quantity": 3, "total": 24000}])
    # when
    changes = resource_changes(before, after)
    # then
    assert changes == [
        {
            "op": "update",
            "path": "cart.items",
            "id": "item_1",
            "label": "Classic Tee M",
            "fields": {"quantity": {"from": 2, "to": 3}},
        }
    ]
    assert change_phrase(changes[0]) == "changed the quantity of Classic Tee M from 2 to 3"


def test_removed_lines_fields_shipping_and_discounts_in_one_update():
    # given
    standard = {"id": "sm_1", "shipping_option": {"id": "so_1", "name": "Standard"}, "price": 1000}
    welcome = {"id": "disc_1", "code": "WELCOME10"}
    before = draft([TEE], discounts=[welcome])
    after = draft([], email="anna@example.com", shipping=[standard])
    # when
    changes = resource_changes(before, after)
    # then
    assert [change_phrase(change) for change in changes] == [
        "changed the email from jane@example.com to anna@example.com",
        "removed Classic Tee M",
        "added shipping method Standard",
        "removed discount WELCOME10",
    ]


def test_a_related_object_replaced_is_a_set_with_both_ids_and_names():
    # given
    before = {"id": "dorder_1", "region": {"id": "reg_1", "name": "EU"}}
    after = {"id": "dorder_1", "region": {"id": "reg_2", "name": "US"}}
    # when
    changes = resource_changes(before, after)
    # then
    assert changes == [
        {"op": "set", "path": "region", "from": "reg_1", "to": "reg_2", "from_label": "EU", "to_label": "US"}
    ]
    assert change_phrase(changes[0]) == "changed the region from EU to US"


def test_only_computed_values_changing_is_no_change():
    assert resource_changes(draft([TEE], total=1), draft([TEE], total=2)) == []


def test_set_and_cleared_values_read_as_such():
    assert change_phrase({"op": "set", "path": "cart.email", "from": None, "to": "a@b.c"}) == "set the email to a@b.c"
    assert change_phrase({"op": "set", "path": "cart.email", "from": "a@b.c", "to": None}) == "cleared the email"


def test_phrases_are_joined_as_a_sentence():
    assert joined([]) == ""
    assert joined(["a"]) == "a"
    assert joined(["a", "b"]) == "a and b"
    assert joined(["a", "b", "c"]) == "a, b and c"


def test_a_replaced_customer_is_named_by_email_and_its_id_column_is_not_a_second_change():
    # given
    before = {"id": "cart_1", "customer_id": "cus_1", "customer": {"id": "cus_1", "email": "oli@test.dk"}}
    after = {"id": "cart_1", "customer_id": "cus_2", "customer": {"id": "cus_2", "email": "jane@example.com"}}
    # when
    changes = resource_changes(before, after)
    # then
    assert [change_phrase(change) for change in changes] == [
        "changed the customer from oli@test.dk to jane@example.com"
    ]


def test_metadata_reads_as_json():
    change = {"op": "set", "path": "metadata", "from": None, "to": {"po": "42"}}
    assert change_phrase(change) == 'set the metadata to {"po": "42"}'


def test_an_invoice_sent_reads_with_its_recipient():
    change = {"op": "send", "path": "invoice", "to": "ap@example.com", "subject": "Your invoice"}
    assert change_phrase(change) == "sent the invoice to ap@example.com"


def test_a_shipping_method_added_is_not_also_a_change_of_every_line_s_has_shipping():
    # given
    standard = {"id": "sm_1", "shipping_option": {"id": "so_1", "name": "Standard"}, "price": 1000}
    before = draft([{**TEE, "has_shipping": False}])
    after = draft([{**TEE, "has_shipping": True}], shipping=[standard])
    # when
    changes = resource_changes(before, after)
    # then
    assert [change_phrase(change) for change in changes] == ["added shipping method Standard"]
