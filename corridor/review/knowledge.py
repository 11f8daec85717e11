"""What corridor knows about the types it renders: what each holds and which inputs replace it.

Read from `replacement.json` (committed data: per type, its category and the inputs that force
replacement, each list with its source and whether it was confirmed). A change is dangerous when
it deletes or replaces something whose loss loses data, history or capacity: a key, key ring,
vault, bucket, storage account, replication, log destination, disk encryption set, resource group,
versioning, a GPU pool or the cluster; or when it drops `protect` or `retainOnDelete` from any
resource. A resource the engine reports as protected or retained is treated as stateful even
when its type is not in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("replacement.json")
SCHEMA_VERSION = 1

DANGEROUS_CATEGORIES = frozenset(
    {
        "key",
        "key-ring",
        "vault",
        "bucket",
        "storage-account",
        "replication",
        "log-destination",
        "gpu-pool",
        "cluster",
        "disk-encryption",
        "resource-group",
        "versioning",
    }
)
"""Categories whose delete or replace loses data, its history or GPU capacity. Agents (Helm
releases) are re-installed without loss and are not among them."""


@dataclass(frozen=True)
class TypeFacts:
    """One type's entry in `replacement.json`."""

    category: str
    forces_replacement: tuple[str, ...]
    source: str
    verified: bool
    on_delete: str

    @property
    def cited(self) -> str:
        """The source as a review cites it: its first part (the file or page), the rest being in
        replacement.json for whoever checks it."""
        first = re.split(r" \(|; ", self.source, maxsplit=1)[0]
        return first if len(first) <= 120 else first[:117] + "..."

    def trigger_for(self, path: str) -> str | None:
        """The listed input that makes a change at `path` a replacement, or None. A trigger `P`
        covers `P` itself and everything under it (`P.x`, `P[0]`)."""
        bare = _without_indices(path)
        for trigger in self.forces_replacement:
            if bare == trigger or bare.startswith((f"{trigger}.", f"{trigger}[")):
                return trigger
        return None


def _without_indices(path: str) -> str:
    """`a[0].b[12]` -> `a.b`: triggers name fields, not list positions."""
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


@cache
def _data() -> dict[str, Any]:
    data = json.loads(DATA_FILE.read_text())
    if data.get("schemaVersion") != SCHEMA_VERSION:
        raise ValueError(f"{DATA_FILE.name}: schemaVersion {data.get('schemaVersion')}, expected {SCHEMA_VERSION}")
    return data


def facts(type_: str) -> TypeFacts | None:
    """What corridor knows about `type_`; None for a type it does not render as stateful or GPU."""
    entry = _data()["types"].get(type_)
    if entry is None:
        return None
    return TypeFacts(
        category=entry["category"],
        forces_replacement=tuple(entry["forcesReplacement"]),
        source=entry["source"],
        verified=bool(entry["verified"]),
        on_delete=entry["onDelete"],
    )


def danger_of_loss(type_: str, protected: bool, retained: bool) -> str | None:
    """Why deleting or replacing a resource of `type_` is dangerous, or None when it is not."""
    known = facts(type_)
    if known is not None and known.category in DANGEROUS_CATEGORIES:
        return f"{known.category}: {known.on_delete}"
    if protected or retained:
        return (
            "marked "
            + " and ".join(word for word, on in (("protect", protected), ("retainOnDelete", retained)) if on)
            + ": it holds state"
        )
    return None
