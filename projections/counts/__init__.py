"""The figures projection and what it answers: flows, standing, quotas, reports."""
