"""The Celery app: `celery -A config worker` (make worker) runs the apps' tasks with the project's settings
(CELERY_* in config/settings, the broker from CELERY_BROKER_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("draft_orders")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
