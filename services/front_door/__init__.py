"""The one front door for writes: commands in, one unit of work, a table of handlers."""
