"""Committed reference data: cloud regions (and their countries) and accelerator offerings.

Data, not API calls: a preview must be deterministic and offline, so nothing here asks a cloud.
Where the data does not know something, it says so rather than guessing.
"""
