"""The raw spec document, cached as JSON in the user cache so `sandbox serve` starts
without YAML.

Parsing the 0.7 MB spec costs 0.1-0.4 s; reading it back as JSON costs a small fraction
of that, which is most of what keeps `sandbox serve` ready well within a second. JSON, not
pickle: a file planted in the cache folder must never run code (see `datacache`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..datacache import read_data, write_data
from ..spec import Catalog, load_document, user_cache_dir


def document_cache_file(catalog: Catalog) -> Path:
    return user_cache_dir() / "documents" / f"{catalog.sha256[:32]}.json"


def cached_document(catalog: Catalog) -> dict[str, Any]:
    """The catalog's OpenAPI document, from the cache when a good copy is there."""
    cache = document_cache_file(catalog)
    # Keyed by the spec's sha256; a corrupt or foreign file is rebuilt.
    document = read_data(cache, "document", catalog.sha256)
    if isinstance(document, dict):
        return document
    document = load_document(Path(catalog.source))
    write_data(cache, "document", catalog.sha256, document)
    return document
