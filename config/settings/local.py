"""Local development: `make run`. Works with no environment at all."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-insecure-secret-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
JWT_SECRET = env("JWT_SECRET", default="local-insecure-jwt-secret-for-development-only")
WHITENOISE_USE_FINDERS = True

# Without CELERY_BROKER_URL, a broker in files under var/celery/: `make run` starts a worker beside the dev server
# that reads them (one machine only; production needs a real broker).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = BASE_DIR / "var" / "celery"  # noqa: F405
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_queue_dir),
    }
