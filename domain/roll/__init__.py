"""The roll: organizations, members, their history, profile, values and quotas."""
