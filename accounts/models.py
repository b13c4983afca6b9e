from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac

from config.models import PrefixedIdField, TimestampedModel


class UserManager(BaseUserManager):
    """Live (not soft-deleted) users; email is the login and matches case-insensitively."""

    use_in_migrations = True

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        email = self.normalize_email(email).lower()
        # createsuperuser cannot see the conditional case-insensitive constraint; it reports a ValidationError
        if self.filter(email__iexact=email).exists():
            raise ValidationError(f"A user with the email {email} already exists.")
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, TimestampedModel):
    class Role(models.TextChoices):
        ADMIN = "admin"
        MEMBER = "member"
        DEVELOPER = "developer"

    id = PrefixedIdField(prefix="usr")
    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=150, blank=True, null=True)
    last_name = models.CharField(max_length=150, blank=True, null=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    api_token = models.CharField(max_length=128, unique=True, null=True, blank=True, editable=False)
    metadata = models.JSONField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can log in to the staff site at /staff/.")
    # "log out everywhere" advances it; sessions and JWTs carry a hash of it and of the password (see below)
    token_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()
    all_objects = models.Manager()  # noqa: DJ012

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(deleted_at__isnull=True), name="user_email_ci_unique_live"
            ),
        ]

    def __str__(self):
        return self.email

    def _get_session_auth_hash(self, secret=None):
        """Django's HMAC of the password hash (what sessions are checked against on every request), over the token
        version too: changing the password or logging out everywhere ends every session and JWT."""
        value = f"{self.password}:{self.token_version}"
        return salted_hmac("accounts.User.session_auth_hash", value, secret=secret, algorithm="sha256").hexdigest()
