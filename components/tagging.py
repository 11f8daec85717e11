"""The one tag schema, and how each cloud's tag or label rules reshape it.

Every taggable resource carries the same eight keys: the user's four cost-attribution tags plus
`managed-by`, `stack`, `cloud` and `region` (the stack's home region). Keys are lowercase
kebab-case because that is the one spelling every cloud accepts unchanged, so a cost report that
groups by `team` works across clouds. Values pass through each cloud's rules; `Tags` already
limits them to 63 characters, so normalisation only rewrites characters, never truncates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from components.definition import StackSpec

MANAGED_BY = "corridor"


def standard_tags(spec: StackSpec, stack: str) -> dict[str, str]:
    """The neutral tag set for every resource of `stack`, before per-cloud normalisation."""
    return {
        "team": spec.tags.team,
        "purpose": spec.tags.purpose,
        "environment": spec.tags.environment,
        "cost-center": spec.tags.cost_center,
        "managed-by": MANAGED_BY,
        "stack": stack,
        "cloud": spec.cloud,
        "region": spec.region,
    }


def _gcp(key: str, value: str) -> tuple[str, str]:
    # GCP labels: lowercase letters, digits, '_' and '-'; keys start with a letter; both <= 63.
    # https://cloud.google.com/resource-manager/docs/labels-overview#requirements
    def clean(text: str) -> str:
        return re.sub(r"[^a-z0-9_-]", "_", text.lower())[:63]

    return clean(key), clean(value)


def _aws(key: str, value: str) -> tuple[str, str]:
    # AWS tags: letters, digits, spaces and _ . : / = + - @; keys <= 128, values <= 256.
    # https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
    def clean(text: str) -> str:
        return re.sub(r"[^\w .:/=+\-@]", "_", text)

    return clean(key)[:128], clean(value)[:256]


def _azure(key: str, value: str) -> tuple[str, str]:
    # Azure tags: names <= 512 without < > % & \ ? /; values <= 256.
    # https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
    return re.sub(r"[<>%&\\?/]", "_", key)[:512], value[:256]


NORMALISERS: Mapping[str, Callable[[str, str], tuple[str, str]]] = {
    "aws": _aws,
    "gcp": _gcp,
    "azure": _azure,
}


def for_cloud(cloud: str, tags: Mapping[str, str]) -> dict[str, str]:
    """`tags` rewritten to satisfy `cloud`'s tag (or label) rules."""
    normalise = NORMALISERS[cloud]
    return dict(normalise(key, value) for key, value in tags.items())


LABEL_PREFIX = "corridor.dev/"


def kubernetes_labels(tags: Mapping[str, str]) -> dict[str, str]:
    """`tags` as Kubernetes node labels under `corridor.dev/`, so a GPU-hour on the bill and a
    GPU metric scraped from the node carry the same team.

    Label values: at most 63 characters, alphanumerics plus `-`, `_` and `.`, beginning and
    ending alphanumeric. https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
    """

    def clean(value: str) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", value)[:63].strip("_.-") or "unset"

    return {f"{LABEL_PREFIX}{key}": clean(value) for key, value in tags.items()}
