"""The fleet baseline (`Pulumi.yaml`) and how a stack departs from it.

Pulumi's rule is that a key set in a stack file replaces the project value of that key whole. For
a structured value that is a trap: `corridor:storage: {noncurrentVersionDays: 60}` in one stack
file silently drops every bucket the fleet defines, and on a live stack that is a delete of data
stores. corridor therefore:

- offers `corridor:overrides`, a deep merge into the project values, for changing part of one
  (`{storage: {noncurrentVersionDays: 60}}`, `{gpuPools: [{name: infer, accelerator: A100-80GB}]}`):
  mappings merge key by key, lists of named entries (`storage.buckets`, `gpuPools`) merge by
  `name` (the same name merges into that entry, a new name is appended), other lists replace;
- treats a whole replacement that drops a named bucket or pool, or a setting, that the project
  defines as a validation problem, unless the stack lists exactly what it drops in
  `corridor:dropFromBaseline` (`[storage.buckets.weights, gpuPools.infer]`);
- says, per key, whether a stack replaced or merged into the project value, for the plan summary.

Imports no provider SDK: the same rules run under `pulumi up`, `corridor plan` and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from components.definition.errors import Problem

NAMESPACE = "corridor"
OVERRIDES_KEY = "overrides"
DROP_KEY = "dropFromBaseline"
LOADER_KEYS = (OVERRIDES_KEY, DROP_KEY)
"""Config keys the loader consumes itself: they shape other keys and are no part of the spec."""


def project_entries(project: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The `config:` values of a parsed `Pulumi.yaml`, by full key, and any problems.

    Structured values need the `value:` wrapper (a typed declaration's `default` also counts);
    this is Pulumi's own project-config rule.
    """
    name = str(project.get("name", NAMESPACE))
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, entry in (project.get("config") or {}).items():
        full_key = str(key) if ":" in str(key) else f"{name}:{key}"
        if full_key in values:
            problems.append(Problem(f"Pulumi.yaml config.{key}", f"sets {full_key} a second time; keep one"))
        if isinstance(entry, dict) and "value" in entry:
            values[full_key] = entry["value"]
        elif isinstance(entry, dict) and "default" in entry:
            values[full_key] = entry["default"]
        elif isinstance(entry, dict | list):
            problems.append(
                Problem(f"Pulumi.yaml config.{key}", "is structured, so it needs a `value:` wrapper in Pulumi.yaml")
            )
        else:
            values[full_key] = entry
    return values, problems


def read_baseline(project_dir: Path) -> dict[str, Any]:
    """The corridor values of `project_dir/Pulumi.yaml`; empty when it cannot be read.

    The program calls this under `pulumi up`, where the CLI has already refused a broken
    project file; `corridor plan` reports such a file with its line before it gets here.
    """
    try:
        project = yaml.safe_load((project_dir / "Pulumi.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(project, dict):
        return {}
    values, _ = project_entries(project)
    return {key: value for key, value in values.items() if key.startswith(f"{NAMESPACE}:")}


def merge(base: Any, patch: Any) -> Any:
    """`patch` deep-merged into `base` by the `corridor:overrides` rules (see module docstring)."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if _named_list(base) and _named_list(patch):
        merged_items = list(base)
        positions = {item["name"]: index for index, item in enumerate(base)}
        for item in patch:
            if item["name"] in positions:
                index = positions[item["name"]]
                merged_items[index] = merge(merged_items[index], item)
            else:
                merged_items.append(item)
        return merged_items
    return patch


def dropped(base: Any, value: Any, path: str) -> list[str]:
    """What the project defines at `path` that `value`, replacing `base` whole, leaves out.

    Mapping keys are followed at any depth; named list entries (buckets, pools) are compared by
    name, not field by field (a replaced entry is a deliberate edit of that entry).
    """
    if isinstance(base, dict) and isinstance(value, dict):
        found: list[str] = []
        for key, item in base.items():
            if key not in value and _named_list(item) and item:
                found += [f"{path}.{key}.{entry['name']}" for entry in item]  # name each bucket or pool lost
            elif key not in value:
                found.append(f"{path}.{key}")
            else:
                found += dropped(item, value[key], f"{path}.{key}")
        return found
    if _named_list(base) and isinstance(value, list):
        kept = {item.get("name") for item in value if isinstance(item, dict)}
        return [f"{path}.{item['name']}" for item in base if item["name"] not in kept]
    return []


def _named_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("name"), str) for item in value
    )
