"""Buyers at the expo: the public exhibitor catalogue, buyer accounts, meeting requests and
schedules, consultations logged at the booth, and the calendar feeds.

Above floor and outcomes in the layers: a meeting takes place at a booth or a lounge table,
and a held meeting or a booth encounter becomes a consultation row of the exhibitor's
outcome report."""
