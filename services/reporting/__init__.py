"""Report periods and their approval up the tree (services of domain/reporting)."""
