"""The ranking and decisions page in the admin."""
