"""The policy functions: one per guarantee, the same for every cloud, reading `tables.py`.

Resource policies take a `Resource` and return messages; stack policies take the stack's
resources and return (resource, message) pairs. Resources adopted with a `get` (`adopted: read`,
recovery plans) have no inputs: input policies skip them (they are the source stack's resources and
are checked there), and so do protect/retain (a `get` is never deleted).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import tables as t
from .model import Policy, Resource, as_list, get, is_empty, is_list

# --- condition mini-language over inputs (see tables.py) --------------------------------------


def values(props: Mapping[str, Any], path: str) -> list[Any]:
    """Every value at `path`; `a[].b` walks each element of list `a`."""
    if "[]." in path:
        head, tail = path.split("[].", 1)
        return [v for item in as_list(get(props, head)) if isinstance(item, Mapping) for v in values(item, tail)]
    value = get(props, path)
    return [] if value is None else [value]


def _eq(value: Any, expected: str) -> bool:
    if isinstance(value, bool):
        return str(value).lower() == expected.lower()
    if is_list(value):
        return any(_eq(v, expected) for v in value)
    return str(value).lower() == expected.lower()


def holds(props: Mapping[str, Any], spec: str) -> bool:
    """Whether `spec` holds: `path` (non-empty), `path=value`, `path~regex`, `!spec`, `all:p1,p2`."""
    if spec.startswith("!"):
        return not holds(props, spec[1:])
    if spec.startswith("all:"):
        return all(any(v is True or _eq(v, "true") for v in values(props, p)) for p in spec[4:].split(","))
    if "=" in spec:
        path, expected = spec.split("=", 1)
        return any(_eq(v, expected) for v in values(props, path))
    if "~" in spec:
        path, pattern = spec.split("~", 1)
        return any(re.search(pattern, str(v), re.IGNORECASE) for v in values(props, path))
    return any(not is_empty(v) for v in values(props, spec))


def extract(props: Mapping[str, Any], spec: str) -> list[str]:
    """Names at `path`, or the first regex group of `path~regex` applied to each value."""
    path, _, pattern = spec.partition("~")
    found = []
    for v in values(props, path):
        if pattern:
            match = re.search(pattern, str(v))
            if match:
                found.append(match.group(1))
        elif v:
            found.append(str(v))
    return found


def _inputs_checked(r: Resource) -> bool:
    return r.adopted != "read"


# --- resource policies ------------------------------------------------------------------------


def cluster_secrets_cmk(r: Resource) -> list[str]:
    row = t.CLUSTER_SECRETS_KEY.get(r.type)
    if row is None or not _inputs_checked(r):
        return []
    if not holds(r.props, row["key"]):
        return [f"Kubernetes Secrets are not envelope-encrypted with a customer-managed key (no {row['key']})"]
    for condition in (row.get("equals"), row.get("contains")):
        if condition and not holds(r.props, condition):
            return [f"Secrets encryption is configured but {condition} does not hold"]
    return []


def _days(value: Any, unit: str) -> float | None:
    text = str(value).strip()
    try:
        if unit == "days":
            return float(text)
        if unit == "seconds":
            return float(text.removesuffix("s")) / 86_400
    except ValueError:
        return None
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?", text)
    if not match:
        return None
    years, months, days = (int(g or 0) for g in match.groups())
    return years * 365 + months * 30 + days


def key_rotation(r: Resource) -> list[str]:
    row = t.KEY_ROTATION.get(r.type)
    if row is None or not _inputs_checked(r):
        return []
    if row["unit"] == "iso8601":
        actions = as_list(get(r.props, row["enabled"]))
        rotate = [a for a in actions if _eq(get(a, "action.type", ""), "rotate")]
        if not rotate:
            return ["automatic key rotation is off: no rotationPolicy lifetime action of type rotate"]
        periods = [_days(get(a, "trigger.timeAfterCreate", ""), "iso8601") for a in rotate]
    else:
        on = holds(r.props, row["enabled"]) if not row["on"] else holds(r.props, f"{row['enabled']}={row['on']}")
        if not on:
            return [f"automatic key rotation is off ({row['enabled']})"]
        raw = get(r.props, row["period"])
        periods = [_days(raw, row["unit"])] if raw is not None else []
    too_long = [p for p in periods if p is not None and p > t.MAX_ROTATION_DAYS]
    if too_long:
        return [f"key rotates every {max(too_long):g} days, more than {t.MAX_ROTATION_DAYS}"]
    return []


def key_deletion_window(r: Resource) -> list[str]:
    row = t.KEY_DELETION_WINDOW.get(r.type)
    if row is None or not _inputs_checked(r):
        return []
    days = _days(get(r.props, row["path"], row["default"]), row["unit"])
    if days is not None and days < t.MIN_DELETION_WINDOW_DAYS:
        return [
            f"a deleted key is recoverable for {days:g} days ({row['path']}), less than {t.MIN_DELETION_WINDOW_DAYS}"
        ]
    if r.type == "azure-native:keyvault:Vault" and not holds(r.props, "properties.enablePurgeProtection=true"):
        return ["purge protection is off: a soft-deleted vault and its keys can be purged"]
    return []


def _is_world(cidr: Any) -> bool:
    return str(cidr).strip() in t.WORLD


def api_not_world_open(r: Resource) -> list[str]:
    if not _inputs_checked(r):
        return []
    row = t.API_ACCESS.get(r.type)
    if row is not None:
        private = row["private"]
        if holds(r.props, private) if not private.startswith("!") else not _truthy_or_default(r, private[1:]):
            return []
        if "nsgs" in row:
            return [] if holds(r.props, row["nsgs"]) else ["the API endpoint is public with no network security group"]
        if "cidrs" not in row:
            return ["the API endpoint is on the internet with no allow-list"]
        cidrs = [get(c, row["field"]) if "field" in row else c for c in as_list(get(r.props, row["cidrs"]))]
        if not cidrs:
            return [
                f"the API endpoint is public and {row['cidrs']} is empty, which the cloud reads as the whole internet"
            ]
        if any(_is_world(c) for c in cidrs):
            return [f"the API endpoint is open to the world ({row['cidrs']} includes 0.0.0.0/0)"]
        return []
    rule = t.INGRESS_RULES.get(r.type)
    if rule is None:
        return []
    if "direction" in rule and not holds(r.props, rule["direction"]):
        return []
    sources = [v for p in rule["sources"].split(",") for v in as_list(get(r.props, p))]
    if not any(_is_world(s) for s in sources):
        return []
    if any(_port_open(r.props, rule, port) for port in t.API_PORTS):
        return [f"ingress from the whole internet reaches the Kubernetes API ports {t.API_PORTS}"]
    return []


def _truthy_or_default(r: Resource, path: str) -> bool:
    """A boolean input that defaults to true (EKS endpointPublicAccess) unless set false."""
    value = get(r.props, path)
    return True if value is None else bool(value is True or _eq(value, "true"))


def _port_open(props: Mapping[str, Any], rule: Mapping[str, str], port: int) -> bool:
    protocol = str(get(props, rule.get("protocol", ""), "all")).lower()
    if protocol in ("-1", "all", "*"):
        return True
    if "gcp_allows" not in rule and protocol not in ("6", "tcp"):
        return False  # ICMP, UDP...: not the API
    if "gcp_allows" in rule:
        for allow in as_list(get(props, rule["gcp_allows"])):
            if str(get(allow, "protocol", "")).lower() in ("all", "tcp") and _in_ranges(port, get(allow, "ports")):
                return True
        return False
    if "alicloud_ports" in rule:
        first, _, last = str(get(props, rule["alicloud_ports"], "-1/-1")).partition("/")
        return first == "-1" or int(first) <= port <= int(last or first)
    if "azure_ports" in rule:
        ranges = [v for p in rule["azure_ports"].split(",") for v in as_list(get(props, p))]
        return _in_ranges(port, ranges)
    low, high = get(props, rule["from"]), get(props, rule["to"])
    if low is None and high is None:
        return True
    low = -1 if low is None else int(low)
    high = low if high is None else int(high)
    return low == -1 or low <= port <= high


def _in_ranges(port: int, ranges: Any) -> bool:
    items = as_list(ranges)
    if not items:
        return True
    for item in items:
        text = str(item)
        if text in ("*", "-1"):
            return True
        low, _, high = text.partition("-")
        if int(low) <= port <= int(high or low):
            return True
    return False


def _labels(r: Resource, row: Mapping[str, str]) -> Mapping[str, Any]:
    raw = get(r.props, row["labels"])
    if row.get("label_form") == "list":
        return {str(get(i, "key")): get(i, "value") for i in as_list(raw) if isinstance(i, Mapping)}
    return raw if isinstance(raw, Mapping) else {}


def is_gpu_pool(r: Resource) -> bool:
    row = t.NODE_POOLS.get(r.type)
    if row is None:
        return False
    return t.ACCELERATOR_LABEL in _labels(r, row) or holds(r.props, row["gpu"])


def _taints(r: Resource, row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key, effect) of every taint, effect normalised (`NO_SCHEDULE` = `NoSchedule` = `noschedule`)."""
    raw = get(r.props, row["taints"])
    found: list[tuple[str, str]] = []
    if row["form"] == "objects":
        found = [(str(get(x, "key")), str(get(x, "effect"))) for x in as_list(raw) if isinstance(x, Mapping)]
    elif row["form"] == "strings":
        for text in as_list(raw):
            key, _, effect = str(text).partition(":")
            found.append((key.split("=")[0], effect))
    elif row["form"] == "cloud-init" and raw:
        try:
            script = base64.b64decode(str(raw)).decode("utf-8", "replace")
        except ValueError:
            script = str(raw)
        for flag in re.findall(r"--register-with-taints=([^\s\"']+)", script):
            for taint in flag.split(","):
                key, _, effect = taint.partition(":")
                found.append((key.split("=")[0], effect))
    return [(k, e.replace("_", "").lower()) for k, e in found]


def gpu_pool_tainted(r: Resource) -> list[str]:
    if not _inputs_checked(r) or not is_gpu_pool(r):
        return []
    row = t.NODE_POOLS[r.type]
    if (t.GPU_TAINT_KEY, "noschedule") in _taints(r, row):
        return []
    return [f"GPU pool without the {t.GPU_TAINT_KEY}:NoSchedule taint ({row['taints']}): any pod can land on GPU nodes"]


def gpu_pool_bounded(r: Resource) -> list[str]:
    if not _inputs_checked(r) or not is_gpu_pool(r):
        return []
    spec = t.NODE_POOLS[r.type]["max"]
    for alternative in spec.split(","):
        path, _, guard = alternative.partition("|")
        if guard and not holds(r.props, f"{guard}=true"):
            continue  # e.g. autoscaling off: the fixed size (next alternative) is the maximum
        value = get(r.props, path)
        if value is not None and str(value).strip() not in ("", "-1"):
            return []
        if guard:
            break  # autoscaling on: only its maximum bounds the pool
    return [f"GPU pool without a maximum size ({spec.replace('|', ' if ')}): it can scale without bound"]


def tag_schema(r: Resource) -> list[str]:
    field = t.TAG_FIELD.get(r.type)
    if field is None or not _inputs_checked(r):
        return []
    tags = get(r.props, field)
    if not isinstance(tags, Mapping) or is_empty(tags):
        return [f"no {field}: every taggable resource carries the eight corridor tag keys"]
    missing = [k for k in t.SCHEMA_KEYS if not tags.get(k)]
    if missing:
        return [f"{field} lacks {', '.join(missing)}"]
    if r.stack and tags.get("stack") != r.stack:
        return [f"{field}.stack is {tags.get('stack')!r}, not the stack {r.stack!r}"]
    return []


def stateful_protected(r: Resource) -> list[str]:
    if r.type not in t.STATEFUL or r.adopted == "read" or r.protect:
        return []
    return [f"{t.STATEFUL[r.type]} resource without protect: pulumi destroy or a replace would delete it"]


def stateful_retained(r: Resource, stateful: Mapping[str, str] | None = None) -> list[str]:
    """Offline only: `retainOnDelete` is not in CrossGuard's AnalyzeRequest."""
    table = t.STATEFUL if stateful is None else stateful
    if r.type not in table or r.adopted == "read" or r.retain_on_delete:
        return []
    return [f"{table[r.type]} resource without retainOnDelete: deleting it from the stack deletes it in the cloud"]


def node_disks_cmk(r: Resource) -> list[str]:
    path = t.NODE_DISK_KEY.get(r.type)
    if path is None or not _inputs_checked(r):
        return []
    return [] if holds(r.props, path) else [f"node disks not encrypted with the customer-managed key (no {path})"]


def cluster_deletion_protection(r: Resource) -> list[str]:
    path = t.CLUSTER_DELETION_PROTECTION.get(r.type)
    if path is None or not _inputs_checked(r):
        return []
    value = get(r.props, path)
    return [] if value is True or _eq(value, "true") else [f"cluster deletion protection is off ({path})"]


def cluster_audit_logs(r: Resource) -> list[str]:
    spec = t.CLUSTER_AUDIT_LOGS.get(r.type)
    if spec is None or not _inputs_checked(r):
        return []
    return [] if holds(r.props, spec) else [f"control-plane audit logs are off ({spec} does not hold)"]


def storage_soft_delete(r: Resource) -> list[str]:
    spec = t.SOFT_DELETE.get(r.type)
    if spec is None or not _inputs_checked(r):
        return []
    return [] if holds(r.props, spec) else [f"soft delete is off ({spec} does not hold)"]


def storage_tls_only(r: Resource) -> list[str]:
    spec = t.TLS_ONLY.get(r.type)
    if spec is None or not _inputs_checked(r):
        return []
    return [] if holds(r.props, spec) else [f"plain-HTTP access is not refused ({spec} does not hold)"]


# --- stack policies: buckets and the resources that configure them ----------------------------


class Storage:
    """The stack's buckets (accounts) joined by name to their companion resources."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.buckets: dict[str, Resource] = {}
        self.companions: dict[str, list[tuple[Resource, dict[str, str]]]] = {}
        self.log_destinations: set[str] = set()
        self.replicated: set[str] = set()
        for r in resources:
            row = t.BUCKETS.get(r.type)
            if row is not None and r.adopted != "read":
                for name in extract(r.props, row["name"]):
                    self.buckets[name] = r
                self.log_destinations.update(extract(r.props, row.get("log", "")) if row.get("log") else [])
        for r in resources:
            row = t.COMPANIONS.get(r.type)
            if row is None or (row.get("when") and not holds(r.props, row["when"])):
                continue
            for name in extract(r.props, row["link"]):
                self.companions.setdefault(name, []).append((r, row))
            if row["aspect"] == "log" and row.get("to"):
                self.log_destinations.update(extract(r.props, row["to"]))
            if row["aspect"] == "replication" and holds(r.props, row["ok"]):
                self.replicated.update(extract(r.props, row["link"]))
                self.replicated.update(extract(r.props, row["to"]))

    def data_buckets(self) -> list[tuple[str, Resource]]:
        return [(n, r) for n, r in sorted(self.buckets.items()) if n not in self.log_destinations]

    def aspect(self, name: str, bucket: Resource, aspect: str) -> tuple[bool, list[tuple[Resource, str]]]:
        """Whether the bucket meets `aspect` (inline or through a companion), and failing companions."""
        inline = t.BUCKETS[bucket.type].get(aspect, "")
        also = t.BUCKETS[bucket.type].get(f"{aspect}_also", "")
        ok = bool(inline) and holds(bucket.props, inline) and (not also or holds(bucket.props, also))
        bad: list[tuple[Resource, str]] = []
        for companion, row in self.companions.get(name, []):
            if row["aspect"] != aspect:
                continue
            if holds(companion.props, row["ok"]):
                ok = True
            else:
                bad.append((companion, f"{row['ok']} does not hold for bucket {name}"))
        return ok and not bad, bad


def _storage_aspect(
    resources: Sequence[Resource], aspect: str, what: str, data_only: bool
) -> list[tuple[Resource, str]]:
    storage = Storage(resources)
    pairs = storage.data_buckets() if data_only else sorted(storage.buckets.items())
    found: list[tuple[Resource, str]] = []
    for name, bucket in pairs:
        ok, bad = storage.aspect(name, bucket, aspect)
        found += bad
        if not ok and not bad:
            found.append((bucket, f"{name}: {what}"))
    return found


def storage_cmk(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    return _storage_aspect(resources, "cmk", "not encrypted with a customer-managed key", data_only=True)


def storage_versioning(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    return _storage_aspect(resources, "versioning", "versioning is not enabled", data_only=False)


def storage_public_access(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    return _storage_aspect(resources, "public", "public access is not blocked", data_only=False)


def storage_access_logged(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    storage = Storage(resources)
    found: list[tuple[Resource, str]] = []
    for name, bucket in storage.data_buckets():
        inline = t.BUCKETS[bucket.type].get("log", "")
        targets = extract(bucket.props, inline) if inline else []
        for companion, row in storage.companions.get(name, []):
            if row["aspect"] == "log" and holds(companion.props, row["ok"]):
                targets += extract(companion.props, row["to"]) if row.get("to") else ["(log service)"]
        if not targets:
            found.append((bucket, f"{name}: no access log"))
        elif name in targets:
            found.append((bucket, f"{name}: logs its own access to itself"))
    return found


def storage_replicated(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    storage = Storage(resources)
    found: list[tuple[Resource, str]] = []
    for name, bucket in storage.data_buckets():
        geo = t.BUCKETS[bucket.type].get("geo", "")
        if name in storage.replicated or (geo and any(holds(bucket.props, g) for g in geo.split(","))):
            continue
        found.append((bucket, f"{name}: neither the source nor the destination of a cross-region replication"))
    return found


def network_flow_logs(resources: Sequence[Resource]) -> list[tuple[Resource, str]]:
    found: list[tuple[Resource, str]] = []
    for r in resources:
        row = t.NETWORKS.get(r.type)
        if row is None or r.adopted == "read":
            continue
        if "inline" in row:
            if not holds(r.props, row["inline"]):
                found.append((r, f"no flow logs ({row['inline']})"))
            continue
        flows = [f for f in resources if f.type == row["flow_type"]]
        if "flow_match" in row:
            flows = [f for f in flows if holds(f.props, row["flow_match"])]
        if not flows:
            found.append((r, f"no flow logs: the stack has no {row['flow_type']}"))
    return found


POLICIES: tuple[Policy, ...] = (
    Policy(
        "storage-customer-managed-key",
        "Data buckets and storage accounts are encrypted with the stack's customer-managed key. Log destination "
        "buckets are exempt: S3 server access logs can only be delivered to SSE-S3 buckets, and corridor's OSS "
        "log buckets use AES256 likewise.",
        "mandatory",
        "high",
        "stack",
        ("CKV_AWS_145", "AVD-AWS-0132", "AVD-GCP-0066", "CKV2_AZURE_1", "AVD-AZU-0060", "CIS Azure 2.0 3.12"),
        types=tuple(t.BUCKETS) + tuple(k for k, v in t.COMPANIONS.items() if v["aspect"] == "cmk"),
        check_stack=storage_cmk,
    ),
    Policy(
        "cluster-secrets-customer-managed-key",
        "Kubernetes Secrets are envelope-encrypted with the stack's customer-managed key.",
        "mandatory",
        "high",
        "resource",
        (
            "CKV_AWS_58",
            "AVD-AWS-0039",
            "KICS 63ebcb19-2739-4d3f-aa5c-e8bbb9b85281",
            "CIS EKS 1.4 5.3.1",
            "CIS GKE 1.4 5.3.1",
        ),
        types=tuple(t.CLUSTER_SECRETS_KEY),
        check_resource=cluster_secrets_cmk,
    ),
    Policy(
        "key-rotation-enabled",
        f"Customer-managed keys rotate automatically, at least every {t.MAX_ROTATION_DAYS} days.",
        "mandatory",
        "high",
        "resource",
        (
            "CKV_AWS_7",
            "AVD-AWS-0065",
            "KICS 22fbfeac-7b5a-421a-8a27-7a2178bb910b",
            "CIS AWS 5.0 3.6",
            "CKV_GCP_43",
            "AVD-GCP-0065",
            "CIS GCP 4.0 1.10",
            "CIS Azure 5.0 8.3.9",
        ),
        types=tuple(t.KEY_ROTATION),
        check_resource=key_rotation,
    ),
    Policy(
        "storage-versioning-enabled",
        "Every bucket (storage account) keeps object versions, inline or through its versioning resource.",
        "mandatory",
        "high",
        "stack",
        (
            "CKV_AWS_21",
            "AVD-AWS-0090",
            "KICS 568a4d22-3517-44a6-a7ad-6a7eed88722c",
            "CKV_GCP_78",
            "AVD-GCP-0078",
            "CIS Azure 5.0 9.2.3",
        ),
        types=tuple(t.BUCKETS) + tuple(k for k, v in t.COMPANIONS.items() if v["aspect"] == "versioning"),
        check_stack=storage_versioning,
    ),
    Policy(
        "storage-public-access-blocked",
        "Every bucket blocks public access (S3 all four Public Access Block flags, GCS enforced prevention, Azure "
        "no blob public access and private containers, OCI NoPublicAccess, OSS public access block and private ACL).",
        "mandatory",
        "critical",
        "stack",
        (
            "CKV_AWS_53",
            "CKV_AWS_54",
            "CKV_AWS_55",
            "CKV_AWS_56",
            "CKV2_AWS_6",
            "AVD-AWS-0086",
            "AVD-AWS-0087",
            "AVD-AWS-0091",
            "AVD-AWS-0093",
            "AVD-AWS-0094",
            "CIS AWS 5.0 2.1.4",
            "CKV_GCP_114",
            "AVD-GCP-0001",
            "CKV_AZURE_190",
            "CKV_AZURE_59",
            "CKV_AZURE_34",
            "AVD-AZU-0007",
            "CIS Azure 5.0 9.3.8",
        ),
        types=tuple(t.BUCKETS) + tuple(k for k, v in t.COMPANIONS.items() if v["aspect"] == "public"),
        check_stack=storage_public_access,
    ),
    Policy(
        "storage-replicated",
        "Every data bucket is the source or destination of a cross-region replication (S3 CRR, GCS TransferJob "
        "replication, Azure object replication or geo-redundant SKU, OCI replication policy, OSS CRR).",
        "mandatory",
        "high",
        "stack",
        ("CKV_AWS_144", "CKV_AZURE_206", "AVD-AZU-0058", "CIS Azure 5.0 9.3.11"),
        types=tuple(t.BUCKETS) + tuple(k for k, v in t.COMPANIONS.items() if v["aspect"] == "replication"),
        check_stack=storage_replicated,
    ),
    Policy(
        "storage-access-logged",
        "Every data bucket logs access to a separate destination (not to itself).",
        "mandatory",
        "medium",
        "stack",
        (
            "CKV_AWS_18",
            "AVD-AWS-0089",
            "CKV_GCP_62",
            "CKV_GCP_63",
            "AVD-GCP-0077",
            "AVD-AZU-0057",
            "CKV2_AZURE_21",
            "AWS Security Hub S3.9",
        ),
        types=tuple(t.BUCKETS) + tuple(k for k, v in t.COMPANIONS.items() if v["aspect"] == "log"),
        check_stack=storage_access_logged,
    ),
    Policy(
        "network-flow-logs",
        "Every network (VPC, VCN, virtual network, GCP subnetwork) has flow logs.",
        "mandatory",
        "medium",
        "stack",
        (
            "CKV2_AWS_11",
            "AWS Security Hub EC2.6",
            "CKV_GCP_26",
            "AVD-GCP-0029",
        ),
        types=tuple(t.NETWORKS),
        check_stack=network_flow_logs,
    ),
    Policy(
        "api-not-open-to-world",
        "The Kubernetes API is private or restricted to an allow-list without 0.0.0.0/0, and no firewall rule opens "
        "its ports (443, 6443) to the whole internet.",
        "mandatory",
        "critical",
        "resource",
        (
            "CKV_AWS_39",
            "CKV_AWS_38",
            "AVD-AWS-0040",
            "AVD-AWS-0041",
            "KICS 42f4b905-3736-4213-bfe9-c0660518cda8",
            "CIS EKS 1.4 5.4.1",
            "CIS EKS 1.4 5.4.2",
            "CKV_GCP_18",
            "CKV_GCP_20",
            "AVD-GCP-0053",
            "AVD-GCP-0061",
            "CIS GKE 1.4 5.6.3",
            "CKV_AZURE_6",
            "CKV_AZURE_115",
            "AVD-AZU-0041",
        ),
        types=tuple(t.API_ACCESS) + tuple(t.INGRESS_RULES),
        check_resource=api_not_world_open,
    ),
    Policy(
        "stateful-resources-protected",
        "Keys, key rings, vaults, buckets, storage accounts, replication, log destinations and versioning carry "
        "Pulumi protect (types in corridor/review/replacement.json's data categories).",
        "mandatory",
        "critical",
        "resource",
        ("CKV_GCP_82",),
        no_upstream="Checkov CKV_GCP_82 (prevent_destroy on KMS keys) is the nearest; generalised to every data type",
        types=tuple(t.STATEFUL),
        check_resource=stateful_protected,
    ),
    Policy(
        "tag-schema",
        "Every taggable resource carries the eight corridor tag keys, with `stack` equal to its stack.",
        "mandatory",
        "medium",
        "resource",
        ("KICS e38a8e0a-b88b-4902-b3fe-b0fcb17d5c10", "CKV_GCP_21", "AVD-GCP-0051", "AWS Config required-tags"),
        types=tuple(t.TAG_FIELD),
        check_resource=tag_schema,
    ),
    Policy(
        "gpu-pool-tainted",
        f"Every GPU node pool carries the {t.GPU_TAINT_KEY}=present:NoSchedule taint (OKE: in the kubelet's "
        "--register-with-taints, as a managed node pool has no taints field).",
        "mandatory",
        "high",
        "resource",
        no_upstream="no public rule set has GPU node-pool checks (reliability.md C14); custom",
        types=tuple(t.NODE_POOLS),
        check_resource=gpu_pool_tainted,
    ),
    Policy(
        "gpu-pool-bounded",
        "Every GPU node pool has a maximum size (autoscaling maximum, or a fixed size).",
        "mandatory",
        "high",
        "resource",
        ("gke-policy-automation node_pool_autoscaling",),
        no_upstream="custom (reliability.md C14); gke-policy-automation's autoscaling check is the nearest",
        types=tuple(t.NODE_POOLS),
        check_resource=gpu_pool_bounded,
    ),
    Policy(
        "stateful-resources-retained",
        "Every resource in a data category carries retainOnDelete, so deleting it from a stack never deletes it in "
        "the cloud. Offline only: CrossGuard's AnalyzeRequest has no retainOnDelete.",
        "mandatory",
        "critical",
        "offline",
        no_upstream="Pulumi-specific (retainOnDelete); Spacelift's do-not-delete-stateful-resources plan policy is "
        "the nearest",
        types=tuple(t.STATEFUL),
        check_resource=stateful_retained,
    ),
    # --- advisory ---
    Policy(
        "key-deletion-window",
        f"A scheduled key deletion waits at least {t.MIN_DELETION_WINDOW_DAYS} days; Key Vaults have purge protection.",
        "advisory",
        "medium",
        "resource",
        (
            "KICS 0b530315-0ea4-497f-b34c-4ff86268f59d",
            "AVD-AZU-0016",
            "CKV_AZURE_110",
            "CKV_AZURE_42",
            "CIS Azure 5.0 8.3.5",
        ),
        types=tuple(t.KEY_DELETION_WINDOW),
        check_resource=key_deletion_window,
    ),
    Policy(
        "node-disks-customer-managed-key",
        "Node disks (launch templates, node pools, AKS disk encryption set) use the customer-managed key.",
        "advisory",
        "medium",
        "resource",
        ("CKV_AWS_8", "CKV_AWS_189", "CKV_AZURE_117", "CKV_AZURE_227", "AVD-AZU-0067", "CIS GKE 1.4 5.9.1"),
        types=tuple(t.NODE_DISK_KEY),
        check_resource=node_disks_cmk,
    ),
    Policy(
        "cluster-deletion-protection",
        "Clusters refuse deletion where the cloud offers it (EKS, GKE, ACK); AKS and OKE rely on protect.",
        "advisory",
        "medium",
        "resource",
        no_upstream="no scanner rule (reliability.md C13); custom",
        types=tuple(t.CLUSTER_DELETION_PROTECTION),
        check_resource=cluster_deletion_protection,
    ),
    Policy(
        "cluster-audit-logs",
        "Control-plane audit logging is on.",
        "advisory",
        "medium",
        "resource",
        ("CKV_AWS_37", "AVD-AWS-0038", "CIS EKS 1.4 2.1.1", "CKV_GCP_1", "AVD-GCP-0060", "CIS GKE 1.4 5.7.1"),
        types=tuple(t.CLUSTER_AUDIT_LOGS),
        check_resource=cluster_audit_logs,
    ),
    Policy(
        "storage-soft-delete",
        "Soft delete stays on (Azure blob soft delete; GCS soft delete not set to 0).",
        "advisory",
        "medium",
        "resource",
        ("CKV2_AZURE_38", "AVD-AZU-0056", "CIS Azure 5.0 9.2.1"),
        types=tuple(t.SOFT_DELETE),
        check_resource=storage_soft_delete,
    ),
    Policy(
        "storage-tls-only",
        "Storage refuses plain HTTP (Azure minimum TLS 1.2; S3 bucket policies deny aws:SecureTransport=false).",
        "advisory",
        "medium",
        "resource",
        ("CIS AWS 5.0 2.1.1", "CKV_AZURE_44", "AVD-AZU-0011", "CIS Azure 5.0 9.3.4"),
        types=tuple(t.TLS_ONLY),
        check_resource=storage_tls_only,
    ),
)

BY_NAME: dict[str, Policy] = {p.name: p for p in POLICIES}
