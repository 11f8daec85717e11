"""GCP: GKE, Cloud Storage and Cloud KMS through pulumi_gcp. Imports no other cloud's SDK."""
