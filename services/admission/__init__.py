"""The admission pipeline: dossier commands, facts, queries and views."""
