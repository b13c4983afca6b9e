from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import user_api_token_rotate


class Command(BaseCommand):
    help = "Create or rotate a user's API token (sent as x-medusa-access-token) and print it."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the email {email}")
        self.stdout.write(user_api_token_rotate(user_id=user.pk))
