"""Who may read what: reach over time, page and dossier access."""
