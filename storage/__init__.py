"""Storage: models, repositories, migrations and conversation persistence."""
