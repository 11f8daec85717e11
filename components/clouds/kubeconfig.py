"""Kubeconfigs that authenticate through a cloud's exec plugin: no credential ever stored.

Every cloud's cluster output uses this one shape: one cluster, one context, one user whose token
comes from the cloud CLI at use time (`aws eks get-token`, `gke-gcloud-auth-plugin`,
`kubelogin`). The result is JSON, which is valid YAML, so kubectl reads it as is.
https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
"""

from __future__ import annotations

import json
from typing import Any

EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"


def exec_kubeconfig(cluster: str, server: str, ca_data: str, exec_config: dict[str, Any]) -> str:
    """A kubeconfig for `server` (with base64 `ca_data`) whose user runs `exec_config`."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": cluster, "cluster": {"server": server, "certificate-authority-data": ca_data}}],
            "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": cluster}}],
            "current-context": cluster,
            "users": [{"name": cluster, "user": {"exec": {"apiVersion": EXEC_API_VERSION, **exec_config}}}],
        },
        indent=2,
    )
