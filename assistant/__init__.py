"""clerk-assistant: plain English in, reviewed Clerk Backend API calls out.

The core is a library; the REPL is one client of it. Public API:

    from assistant import load_settings, open_catalog
"""

from __future__ import annotations

__version__ = "0.1.0"

from .settings import Settings, load_settings
from .spec import Catalog, open_catalog

__all__ = ["Catalog", "Settings", "__version__", "load_settings", "open_catalog"]
