"""The admission dossier: steps, facts, deadlines and the working-day calendar."""
