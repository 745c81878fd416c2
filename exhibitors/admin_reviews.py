"""Reviewer pages in the admin: assignments, scoring, conflicts of interest."""
