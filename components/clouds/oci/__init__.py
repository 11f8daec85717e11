"""Oracle Cloud Infrastructure (OCI): Vault keys, Object Storage replication, OKE and GPU pools."""
