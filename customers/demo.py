"""Demo customers with addresses in the demo regions' countries (US, CA, DE, DK); keyed by email."""

from customers.models import Customer
from customers.services import address_create, customer_create, customer_update

CUSTOMERS = [
    {
        "email": "jane.doe@example.com",
        "first_name": "Jane",
        "last_name": "Doe",
        "phone": "+1 415 555 0134",
        "address": {
            "address_1": "88 Colin P Kelly Jr St",
            "city": "San Francisco",
            "province": "CA",
            "postal_code": "94107",
            "country_code": "us",
        },
        "billing": True,
    },
    {
        "email": "sam.lee@example.ca",
        "first_name": "Sam",
        "last_name": "Lee",
        "phone": "+1 604 555 0199",
        "address": {
            "address_1": "1055 W Georgia St",
            "city": "Vancouver",
            "province": "BC",
            "postal_code": "V6E 3P3",
            "country_code": "ca",
        },
    },
    {
        "email": "anna.schmidt@example.de",
        "first_name": "Anna",
        "last_name": "Schmidt",
        "phone": "+49 30 5550 1234",
        "address": {"address_1": "Torstraße 109", "city": "Berlin", "postal_code": "10119", "country_code": "de"},
    },
    {
        "email": "lars.jensen@example.dk",
        "first_name": "Lars",
        "last_name": "Jensen",
        "phone": "+45 55 50 12 34",
        "address": {
            "address_1": "Jægersborggade 12",
            "city": "København N",
            "postal_code": "2200",
            "country_code": "dk",
        },
    },
]


def has_data() -> bool:
    return Customer.objects.filter(email__in=[entry["email"] for entry in CUSTOMERS]).exists()


def load() -> None:
    for entry in CUSTOMERS:
        if Customer.objects.filter(email=entry["email"]).exists():
            continue
        customer = customer_create(
            email=entry["email"], first_name=entry["first_name"], last_name=entry["last_name"], phone=entry["phone"]
        )
        name = {"first_name": entry["first_name"], "last_name": entry["last_name"], "phone": entry["phone"]}
        address_create(data={**name, **entry["address"]}, customer_id=customer.pk)
        if entry.get("billing"):
            customer_update(customer_id=customer.pk, data={"billing_address": {**name, **entry["address"]}})
