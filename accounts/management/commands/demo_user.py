from django.core.management.base import BaseCommand

from accounts.services import demo_user_ensure

DEMO_EMAIL = "admin@example.com"
DEMO_PASSWORD = "demo-password-123"


class Command(BaseCommand):
    help = "Make sure the demo staff login exists and print it (email, password, API token)."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, email, password, **options):
        user = demo_user_ensure(email=email, password=password)
        self.stdout.write(
            "Demo staff login\n"
            f"  email:     {user.email}\n"
            f"  password:  {password}\n"
            f"  API token: {user.api_token}   (header x-medusa-access-token)\n"
            "  staff site: /staff/   API: /admin/   docs: /api/docs/"
        )
