"""Loading the committed catalog files: the schema version check and the error a bad file raises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class CatalogDataError(RuntimeError):
    """A committed catalog file is malformed; the message names the file and the bad entry."""

    def __init__(self, path: Path, entry: str, problem: str) -> None:
        super().__init__(f"{path.name}: {entry}: {problem}")
        self.path = path
        self.entry = entry
        """Where in the file, e.g. `clouds.azure.uaenorth.zones` or `offerings[3] (gcp a3-highgpu-8g)`."""


def load(path: Path, schema_version: int) -> dict[str, Any]:
    """The JSON object in `path`, refused unless its `schemaVersion` is `schema_version`."""
    data = json.loads(path.read_text())
    if not isinstance(data, dict):
        raise CatalogDataError(path, "(file)", "is not a JSON object")
    found = data.get("schemaVersion")
    if found != schema_version:
        raise CatalogDataError(path, "schemaVersion", f"{found!r} != {schema_version} (the version this code reads)")
    return data
