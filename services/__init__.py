"""Application services: the Registry, its configuration and command line."""
