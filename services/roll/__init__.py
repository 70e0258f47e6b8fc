"""Roll commands: their bodies (validated JSON) and handlers."""
