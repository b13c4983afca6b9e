"""Local development: `make run`. Works with no environment at all."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-insecure-secret-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
JWT_SECRET = env("JWT_SECRET", default="local-insecure-jwt-secret-for-development-only")
WHITENOISE_USE_FINDERS = True
