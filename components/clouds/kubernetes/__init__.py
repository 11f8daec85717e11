"""A Kubernetes cluster a regional or neocloud provider handed over (`corridor:cloud: kubernetes`)."""
