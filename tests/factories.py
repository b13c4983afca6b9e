"""factory-boy factories. Anything with totals is built through the services, not by hand."""

import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    first_name = "Staff"
    last_name = factory.Sequence(lambda n: f"Member {n}")
    role = User.Role.ADMIN
    is_staff = True
    api_token = factory.Sequence(lambda n: f"test_token_{n}")
    password = factory.django.Password("secret_password")
