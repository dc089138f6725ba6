"""Block Kit builders, one module per feature: plain dicts, no Slack SDK types."""
