"""Input values and URNs as a reviewer reads them: flattened to paths, secrets and unknowns masked.

Pulumi shows a secret as `[secret]` and a value unknown at preview time as the sentinel string
`04da6b54-80e4-46f7-96ec-b56ff0331ba9` (`plugin.UnknownStringValue`, sdk/go/common/resource/plugin/
rpc.go); a review prints either as what it is, never as a value. corridor's offline plans keep the
root stack type in child URNs (`...::pulumi:pulumi:Stack$corridor:index:RegionStack::region`), the
engine omits it (`deployment.go` `generateURN`), so both are normalised before they are compared.
"""

from __future__ import annotations

import json
from typing import Any

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET = "[secret]"
ROOT_TYPE = "pulumi:pulumi:Stack"
MAX_VALUE_CHARS = 80
"""A changed value longer than this is cut (a policy document, a kubeconfig)."""


def normalise_urn(urn: str) -> str:
    """`urn` as the engine spells it: no root stack type at the head of the type chain."""
    return urn.replace(f"::{ROOT_TYPE}$", "::", 1)


def urn_name(urn: str) -> str:
    """The logical name: what follows the last `::`."""
    return urn.rsplit("::", 1)[-1]


def urn_type(urn: str) -> str:
    """The resource's own type: the last entry of the type chain."""
    return urn.split("::")[2].rsplit("$", 1)[-1]


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """`{path: leaf}` for every leaf of `value`, in Pulumi's property-path syntax
    (`tags.team`, `rule[0].destination`); an empty mapping or list is a leaf of its own."""
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key, item in value.items():
            if key == "__defaults":  # bridged providers' list of defaulted keys: not an input
                continue
            flat |= flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return flat
    if isinstance(value, list) and value:
        flat = {}
        for index, item in enumerate(value):
            flat |= flatten(item, f"{prefix}[{index}]")
        return flat
    return {prefix: value}


def changed_paths(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each input path whose value differs: `{path: (old, new)}`, a missing side as `None`."""
    before, after = flatten(old), flatten(new)
    missing = object()
    return {
        path: (before.get(path), after.get(path))
        for path in sorted(set(before) | set(after))
        if before.get(path, missing) != after.get(path, missing)
    }


def at_path(value: Any, path: str) -> Any:
    """The value at a property path (`a.b[0].c`), None where there is none."""
    flat = flatten(value)
    if path in flat:
        return flat[path]
    inner = {
        key[len(path) :].lstrip("."): item for key, item in flat.items() if key.startswith((f"{path}.", f"{path}["))
    }
    return inner or None


def shown(value: Any) -> str:
    """A value for the review: `(secret)`, `(unknown until apply)`, `(none)`, or compact JSON."""
    if value is None:
        return "(none)"
    if value == SECRET:
        return "(secret)"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    if UNKNOWN in text:
        return "(unknown until apply)"
    if SECRET in text:
        return "(contains a secret)"
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."
