"""No models: the module exists so that `migrate` sends this app its post_migrate signal,
which creates the cache table (see apps.py)."""
