"""SESSION_ENGINE: Django's database sessions, where a cookie no session key can equal names no session."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from config.ids import can_be_id


class SessionStore(DatabaseSessionStore):
    """A quoted cookie's `\\000` reaches Django as NUL, which PostgreSQL refused in the lookup (a 500 before)."""

    def __init__(self, session_key=None):
        super().__init__(session_key if session_key is None or can_be_id(session_key) else None)
