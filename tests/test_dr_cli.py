"""`python -m corridor dr plan` and `dr check`, end to end: the committed recovery stacks are what
`dr plan` writes, each renders to a plan that matches its source but for region-bearing values
and forced differences, owns no data in drill mode, and `dr check` fails on a difference nobody
explained."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridor import cli
from corridor.dr import commands as dr_commands
from corridor.dr import parity, timing
from tests.conftest import PROJECT_DIR, RECOVERY_STACK_OF_CLOUD, STACK_OF_CLOUD, render_plan, render_recovery

ZONES = {
    "aws": ["ap-southeast-3a", "ap-southeast-3b", "ap-southeast-3c"],
    "gcp": ["asia-southeast2-a", "asia-southeast2-b", "asia-southeast2-c"],
    # Jakarta's zones A to C, as Alibaba's OpenAPI reference lists them (`ap-southeast-5a`: Jakarta Zone A).
    "alicloud": ["ap-southeast-5a", "ap-southeast-5b", "ap-southeast-5c"],
}
"""The DR regions' zones, which the region catalog records only for Azure and OCI."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's stack definition (Pulumi.yaml and stacks/) without recovery stacks."""
    shutil.copy(PROJECT_DIR / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(PROJECT_DIR / "stacks", tmp_path / "stacks", ignore=shutil.ignore_patterns("*-dr.yaml"))
    return tmp_path


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_dr_plan_writes_the_committed_recovery_stack(cloud: str, project: Path) -> None:
    """Each committed recovery stack is exactly what `dr plan --from <source>` writes."""
    zones = ["--zones", *ZONES[cloud]] if cloud in ZONES else []
    argv = ["dr", "plan", "--from", STACK_OF_CLOUD[cloud], *zones, "--project-dir", str(project)]
    assert cli.main(argv) == 0
    name = f"stacks/Pulumi.{RECOVERY_STACK_OF_CLOUD[cloud]}.yaml"
    assert (project / name).read_text() == (PROJECT_DIR / name).read_text()
    assert cli.main(argv) == 1, "an existing recovery stack is overwritten only with --force"
    assert cli.main([*argv, "--force"]) == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--from", "kubernetes-riyadh-1"],
            "kubernetes cannot do recoverFrom: corridor replicates nothing on a provider's cluster",
        ),
        (["--from", "gcp-asia-southeast1"], "the catalog records no zones of asia-southeast2; pass them with --zones"),
        (
            ["--from", "aws-ap-southeast-1", "--zones", "ap-southeast-3a", "--onward-region", "ap-southeast-1"],
            "corridor:drRegion: replication continues onward to a further region",
        ),
    ],
    ids=["cloud-without-replicas", "zones-unknown", "onward-into-the-lost-region"],
)
def test_dr_plan_refuses_an_impossible_recovery(
    argv: list[str], expected: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An impossible recovery exits 2 with the reason and writes nothing."""
    assert cli.main(["dr", "plan", *argv, "--project-dir", str(project)]) == 2
    assert expected in capsys.readouterr().err
    assert not list((project / "stacks").glob("*-dr.yaml"))


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_a_recovery_stack_has_parity_with_its_source(cloud: str) -> None:
    """Every aspect is the same or a forced difference with its reason; a drill owns no data."""
    source, recovery = render_plan(cloud), render_recovery(cloud)
    rows = parity.compare(source, recovery)
    assert [row for row in rows if row.verdict == "DIFFERENT"] == []
    assert {row.aspect for row in rows} >= {"capabilities", "agents", "guarantee: keys", "guarantee: buckets"}
    assert {row.aspect: row.verdict for row in rows}["data: replication"] == "forced"
    assert parity.data_findings(recovery) == []
    report, ok = dr_commands.source_report(source, recovery)
    assert ok, report


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_a_failover_holds_its_replicas_protected(cloud: str) -> None:
    """In failover mode the same replicas are imports with protect and retainOnDelete, and the
    plan still matches its source."""
    recovery = render_recovery(cloud, {"recoveryMode": "failover"})
    assert parity.data_findings(recovery) == []
    assert [row for row in parity.compare(render_plan(cloud), recovery) if row.verdict == "DIFFERENT"] == []


def test_dr_check_finds_an_unexplained_difference() -> None:
    """A pool that differs for no forced reason, and a replica the drill creates instead of
    reading, each fail the check with the aspect or resource named."""
    source, recovery = render_plan("aws"), render_recovery("aws")
    recovery["outputs"]["gpuPools"]["train"]["maxNodes"] += 1
    data = next(r for r in recovery["resources"] if r.get("adopted") and r["type"].endswith("Bucket"))
    del data["adopted"]
    report, ok = dr_commands.source_report(source, recovery)
    assert not ok
    assert [row.aspect for row in parity.compare(source, recovery) if row.verdict == "DIFFERENT"] == ["pool train"]
    assert f"{data['urn']} is created by a drill although its type holds the replicas" in report


def test_a_drill_that_protects_what_it_creates_is_found() -> None:
    """`pulumi destroy` must take a drill down whole: a protected resource is a finding."""
    recovery = render_recovery("gcp")
    created = next(r for r in recovery["resources"] if r["custom"] and not r.get("adopted"))
    created["protect"] = True
    assert parity.data_findings(recovery) == [
        f"{created['urn']} is protected or retained in a drill, so `pulumi destroy` would leave it behind"
    ]


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_rto_estimates_cold_and_pilot_light(cloud: str) -> None:
    """A cold recovery takes the timed critical path plus the GPU scale-up; a pilot light only the
    scale-up. Where the cloud's table times no create (OCI documents none), the cold estimate is
    the scale-up alone and every slow type of the plan is named as unknown."""
    estimate = timing.estimate(render_recovery(cloud))
    table = timing.latencies(cloud)
    assert table is not None
    assert table.scale_up_minutes is not None
    assert estimate.pilot_light_minutes == table.scale_up_minutes
    assert estimate.cold_minutes is not None
    if table.create_minutes:
        assert estimate.cold_minutes > estimate.pilot_light_minutes
        assert estimate.critical_path, "the cold path names the slow resources it waits on"
    else:
        assert estimate.cold_minutes == estimate.pilot_light_minutes
        assert estimate.unknown, "a table without figures names what it cannot time"


def test_dr_check_passes_on_the_committed_stacks(capsys: pytest.CaptureFixture[str]) -> None:
    """The command itself, for one source: exit 0 with the parity table and both RTOs."""
    assert cli.main(["dr", "check", "--stack", "aws-ap-southeast-1"]) == 0
    out = capsys.readouterr().out
    assert "aws-ap-southeast-1 (ap-southeast-1) -> aws-ap-southeast-3-dr (ap-southeast-3), mode drill" in out
    assert "RTO cold: ~" in out
    assert "RTO pilot light: ~" in out
    assert "RPO checkpoints: 15m (s3-crr-rtc)" in out


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_drill_to_failover_is_never_a_delete(cloud: str) -> None:
    """Every resource of the drill is still in the failover plan under the same URN, and each
    replica the drill reads is what the failover imports (same type, same id): switching modes
    imports former `get`s and deletes nothing."""
    drill, failover = render_recovery(cloud), render_recovery(cloud, {"recoveryMode": "failover"})
    failover_by_urn = {r["urn"]: r for r in failover["resources"]}
    assert [r["urn"] for r in drill["resources"] if r["urn"] not in failover_by_urn] == []
    reads = [r for r in drill["resources"] if r.get("adopted") == "read"]
    assert reads
    for read in reads:
        imported = failover_by_urn[read["urn"]]
        assert (imported["type"], imported.get("adopted"), imported.get("adoptedId")) == (
            read["type"],
            "import",
            read["adoptedId"],
        )
