"""What changed between a committed plan and a fresh render, one line per change (`plan --check`)."""

from __future__ import annotations

import json
from typing import Any

ABSENT = object()


def _shown(value: Any, start: int = 0, limit: int = 40) -> str:
    """`value` as JSON, at most `limit` characters from `start` (elided parts shown as `...`)."""
    text = json.dumps(value, sort_keys=True)
    head = "..." if start > 0 else ""
    window = text[start:]
    return head + (window if len(window) <= limit else window[: limit - 3] + "...")


def _pair(old: Any, new: Any) -> str:
    """`old -> new`; long values are shown from a little before their first difference."""
    if old is ABSENT or new is ABSENT:
        return f"{'(absent)' if old is ABSENT else _shown(old)} -> {'(absent)' if new is ABSENT else _shown(new)}"
    a, b = json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True)
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, common - 12) if common > 24 else 0
    return f"{_shown(old, start)} -> {_shown(new, start)}"


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """`path old -> new` for every leaf that differs, depth first in key order."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            child = f"{path}.{key}" if path else str(key)
            found += differences(old.get(key, ABSENT), new.get(key, ABSENT), child)
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            found += differences(a, b, f"{path}[{index}]")
        return found
    return [f"{path} {_pair(old, new)}"]


def plan_changes(committed: dict[str, Any], fresh: dict[str, Any], limit: int = 10, paths: int = 3) -> list[str]:
    """The first `limit` changes from `committed` to `fresh`, one line each.

    `+ type name` added, `- type name` removed, `~ type name: inputs.x 30 -> 7` changed (with its
    first `paths` differing paths), then changes outside `resources` (stack outputs, metadata).
    """
    old = {r["urn"]: r for r in committed.get("resources") or []}
    new = {r["urn"]: r for r in fresh.get("resources") or []}
    changes = []
    for urn, resource in new.items():
        label = f"{resource['type']} {resource['name']}"
        if urn not in old:
            changes.append(f"+ {label} (added)")
            continue
        found = differences(old[urn], resource)
        if found:
            more = f" (+{len(found) - paths} more)" if len(found) > paths else ""
            changes.append(f"~ {label}: " + "; ".join(found[:paths]) + more)
    changes += [f"- {r['type']} {r['name']} (removed)" for urn, r in old.items() if urn not in new]
    rest = differences(
        {k: v for k, v in committed.items() if k != "resources"}, {k: v for k, v in fresh.items() if k != "resources"}
    )
    changes += [f"~ {line}" for line in rest]
    if not changes and list(old) != list(new):
        changes.append("~ resources are listed in a different order (no content change)")
    if not changes:
        changes.append("~ the file's formatting differs from a fresh render (no content change)")
    if len(changes) > limit:
        changes = [*changes[:limit], f"... and {len(changes) - limit} more changes"]
    return changes
