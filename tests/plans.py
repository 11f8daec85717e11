"""Queries over plan documents, shared by the test layers."""

from __future__ import annotations

from typing import Any

Resource = dict[str, Any]


def resources(plan: dict[str, Any], type_: str | None = None) -> list[Resource]:
    """Every resource of the plan, or those of one type token."""
    return [r for r in plan["resources"] if type_ is None or r["type"] == type_]


def named(plan: dict[str, Any], name: str) -> Resource:
    """The one resource with logical name `name`."""
    matches = [r for r in plan["resources"] if r["name"] == name]
    assert len(matches) == 1, f"expected one resource named {name!r}, found {len(matches)}"
    return matches[0]


def children_of(plan: dict[str, Any], component_type: str) -> list[Resource]:
    """Every custom resource below the first component of `component_type`, at any depth."""
    by_urn = {r["urn"]: r for r in plan["resources"]}
    component = next(r for r in plan["resources"] if r["type"] == component_type)

    def under(resource: Resource) -> bool:
        parent = resource["parent"]
        while parent:
            if parent == component["urn"]:
                return True
            parent = by_urn.get(parent, {}).get("parent")
        return False

    return [r for r in plan["resources"] if r["custom"] and under(r)]
