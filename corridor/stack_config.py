"""Load a stack's configuration the way the Pulumi CLI does, without the CLI.

Rules (https://www.pulumi.com/docs/iac/concepts/config/): project-level keys in `Pulumi.yaml`
are written without the project namespace and need a `value:` wrapper when structured, or are
typed declarations with a `default`; a key in `stacks/Pulumi.<stack>.yaml` replaces the project
value of the same key whole (no deep merge). The program receives every value as a string, with
structured values, numbers and booleans as JSON text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class StackConfig:
    """One stack's config, exactly as the program would receive it."""

    project: str
    stack: str
    values: dict[str, str]
    secret_keys: tuple[str, ...]


class StackConfigError(ValueError):
    """The project or stack file cannot be read as Pulumi config."""


def project_file(project_dir: Path) -> dict[str, Any]:
    return yaml.safe_load((project_dir / "Pulumi.yaml").read_text())


def stack_dir(project_dir: Path) -> Path:
    return project_dir / project_file(project_dir).get("stackConfigDir", ".")


def stack_names(project_dir: Path) -> list[str]:
    """Every stack that has a `Pulumi.<stack>.yaml` file, sorted."""
    files = stack_dir(project_dir).glob("Pulumi.*.yaml")
    return sorted(path.name.removeprefix("Pulumi.").removesuffix(".yaml") for path in files)


def load(project_dir: Path, stack: str) -> StackConfig:
    project = project_file(project_dir)
    name = project["name"]
    path = stack_dir(project_dir) / f"Pulumi.{stack}.yaml"
    if not path.exists():
        raise StackConfigError(f"no stack file {path}; stacks: {', '.join(stack_names(project_dir))}")
    stack_file = yaml.safe_load(path.read_text()) or {}

    values: dict[str, str] = {}
    secret_keys: list[str] = []
    for key, entry in (project.get("config") or {}).items():
        full_key = key if ":" in key else f"{name}:{key}"
        if isinstance(entry, dict) and "value" in entry:
            values[full_key] = _as_config_string(entry["value"])
        elif isinstance(entry, dict) and "default" in entry:
            values[full_key] = _as_config_string(entry["default"])
        elif not isinstance(entry, dict):
            values[full_key] = _as_config_string(entry)

    for key, entry in (stack_file.get("config") or {}).items():
        full_key = key if ":" in key else f"{name}:{key}"
        if isinstance(entry, dict) and set(entry) == {"secure"}:
            # Ciphertext needs the stack's secrets provider, which only the CLI can reach.
            values[full_key] = "[secret]"
            secret_keys.append(full_key)
        else:
            values[full_key] = _as_config_string(entry)
    return StackConfig(project=name, stack=stack, values=values, secret_keys=tuple(secret_keys))


def _as_config_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
