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
    """Rule 4: rendering a stack in a fresh interpreter imports no other cloud's SDK (the
    Kubernetes SDK of the shared in-cluster layer is every cloud's; see the next test)."""
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
    own = {m for m, owner in PROVIDER_SDKS.items() if owner in (cloud, None)}
    assert loaded == own, f"{stack} loaded {loaded}"


def test_a_stack_without_in_cluster_agents_never_loads_the_kubernetes_sdk() -> None:
    """pulumi_kubernetes is loaded by the in-cluster layer only when something runs in the cluster."""
    probe = (
        "import sys; from pathlib import Path; from corridor.render import render_config; "
        "from tests.conftest import edited_config; "
        f"render_config(Path({str(PROJECT_DIR)!r}), edited_config('aws', {{'observability': {{'enabled': False}}}})); "
        "print('pulumi_kubernetes' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


# Neutral modules: everything outside a cloud's own folder and its mock. They may name a cloud in
# docstrings and comments, never in code (issue 10: "neutral code names no cloud").
NEUTRAL_GLOBS = (
    "components/*.py",
    "components/clouds/*.py",
    "components/definition/**/*.py",
    "components/catalog/*.py",
    "components/kubernetes/**/*.py",
)

DECLARES_THE_CLOUDS = "components/clouds/registry.py"
"""The registry is where the list of clouds is declared; every other module reads it."""

PACKAGE_NAME_CONSTANTS = {"PROVIDER_PACKAGE", "KUBERNETES_NAMESPACE", "POD_ATTRIBUTION_VALUES"}
"""Constants whose value is the word `kubernetes` in another sense than the cloud id of a
provider's cluster: the Kubernetes provider package and config namespace (the shared in-cluster
layer's, for every cloud) and a chart's values section."""


def neutral_modules() -> list[Path]:
    """Neutral source files, relative to the project (corridor/ except its per-cloud mocks)."""
    paths = {path for pattern in NEUTRAL_GLOBS for path in PROJECT_DIR.glob(pattern)}
    per_cloud_mocks = {PROJECT_DIR / "corridor" / "mockcloud" / f"{cloud}.py" for cloud in STACK_OF_CLOUD}
    paths |= set((PROJECT_DIR / "corridor").rglob("*.py")) - per_cloud_mocks
    return sorted(path.relative_to(PROJECT_DIR) for path in paths)


def cloud_ids_in_code(path: Path) -> list[str]:
    """`line: 'cloud'` for each string constant in `path` that is a cloud id, docstrings aside."""
    tree = ast.parse(path.read_text())
    # A bare string statement is a docstring: of a module, class or function, or of the
    # attribute or constant above it.
    blocks = [node.body for node in ast.walk(tree) if isinstance(getattr(node, "body", None), list)]
    docstrings = {
        id(statement.value)
        for body in blocks
        for statement in body
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    }
    docstrings |= {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id in PACKAGE_NAME_CONSTANTS for target in node.targets)
    }
    return [
        f"{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in STACK_OF_CLOUD and id(node) not in docstrings
    ]


def test_neutral_modules_name_no_cloud() -> None:
    """Issue 10, item 2: what differs by cloud lives in its profile, adapter and mock; a neutral
    module that names a cloud in code is a per-cloud table or branch a new cloud would miss."""
    named = {str(path): cloud_ids_in_code(PROJECT_DIR / path) for path in neutral_modules()}
    offenders = {path: lines for path, lines in named.items() if lines and path != DECLARES_THE_CLOUDS}
    assert not offenders, f"neutral modules name a cloud in code (move it to the cloud's profile): {offenders}"


def test_cloud_profiles_load_no_provider_sdk() -> None:
    """Profiles are read while config is validated, before a cloud is chosen: loading every one,
    and validating a stack of each cloud, imports no provider SDK."""
    probe = (
        "import sys; from components.clouds.registry import profiles; "
        "from tests.conftest import BASELINE, base_config; from components.definition import load_spec; "
        f"[load_spec(base_config(c).values, BASELINE) for c in {sorted(STACK_OF_CLOUD)!r}]; "
        "print([p.cloud for p in profiles()]); "
        f"print('sdks:', *sorted(m for m in sys.modules if m in {sorted(PROVIDER_SDKS)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    clouds, loaded = result.stdout.strip().splitlines()
    assert clouds == repr(list(STACK_OF_CLOUD))
    assert loaded == "sdks:"
