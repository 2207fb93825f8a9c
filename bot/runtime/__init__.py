"""The runtime: serving updates by polling or webhook, the pipeline, the one-instance guard."""
