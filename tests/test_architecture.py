"""Import rules from DESIGN.md section 4, read from the source and observed at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR, STACK_OF_CLOUD

PROVIDER_SDKS = {"pulumi_aws": "aws", "pulumi_gcp": "gcp", "pulumi_azure_native": "azure", "pulumi_kubernetes": None}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("components.clouds."):
                names.add(node.module)
    return names


def python_files(*parts: str) -> list[Path]:
    return sorted((PROJECT_DIR.joinpath(*parts)).rglob("*.py"))


def test_spec_and_catalog_import_no_provider_sdk() -> None:
    """Rule 1: validation and catalog code never load a cloud SDK."""
    for path in python_files("components", "spec") + python_files("components", "catalog"):
        assert not imported_modules(path) & set(PROVIDER_SDKS), path


def test_capability_modules_import_no_provider_sdk() -> None:
    """Rule 2: neutral capability components (and the shared adapter helpers) delegate to adapters."""
    shared = [p for p in (PROJECT_DIR / "components" / "clouds").glob("*.py")]
    for path in sorted((PROJECT_DIR / "components").glob("*.py")) + shared:
        assert not imported_modules(path) & set(PROVIDER_SDKS), path


@pytest.mark.parametrize("cloud", sorted(STACK_OF_CLOUD))
def test_cloud_packages_import_only_their_own_sdk(cloud: str) -> None:
    """Rule 3: a cloud package uses its own SDK (plus Kubernetes) and no other cloud's package."""
    for path in python_files("components", "clouds", cloud):
        modules = imported_modules(path)
        foreign_sdks = {m for m, owner in PROVIDER_SDKS.items() if owner not in (cloud, None)}
        assert not modules & foreign_sdks, path
        other_clouds = set(STACK_OF_CLOUD) - {cloud}
        foreign_packages = {
            m for m in modules if m.startswith("components.clouds.") and m.split(".")[2] in other_clouds
        }
        assert not foreign_packages, path


@pytest.mark.parametrize(("cloud", "stack"), sorted(STACK_OF_CLOUD.items()))
def test_rendering_a_stack_loads_only_its_clouds_sdk(cloud: str, stack: str) -> None:
    """Rule 4: rendering a stack in a fresh interpreter imports no other cloud's SDK."""
    probe = (
        "import sys; from pathlib import Path; from corridor.render import render; "
        f"render(Path({str(PROJECT_DIR)!r}), {stack!r}); "
        "print(','.join(sorted(m for m in sys.modules if m in "
        f"{sorted(PROVIDER_SDKS)!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(result.stdout.strip().split(",")) - {""}
    own = {m for m, owner in PROVIDER_SDKS.items() if owner == cloud}
    assert loaded == own, f"{stack} loaded {loaded}"
