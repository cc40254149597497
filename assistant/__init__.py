"""clerk-assistant: plain English in, reviewed Clerk Backend API calls out.

The core is a library; the REPL is one client of it. Public API:

    from assistant import Session, load_settings, open_catalog
"""

from __future__ import annotations

__version__ = "0.1.0"

from .settings import Settings, load_settings
from .spec import Catalog, open_catalog

__all__ = ["Catalog", "Session", "Settings", "__version__", "load_settings", "open_catalog"]


def __getattr__(name: str) -> object:
    # Session pulls in httpx; loading it lazily keeps `search --json` start-up fast.
    if name in ("Session", "ConfirmRequest", "ConfirmReply"):
        from . import session

        return getattr(session, name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
