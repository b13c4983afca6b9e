# Loaded with Django, so that the apps' @shared_task functions queue through the project's Celery app.
from config.celery import app as celery_app

__all__ = ("celery_app",)
