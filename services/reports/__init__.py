"""What leaves the system as files: spreadsheet-safe cells."""
