"""The Flask web layer: JSON API and dashboards."""
