"""Staff roles: Django groups created by a data migration (``0004_staff_roles``).

A superuser has every permission; other staff get what their groups give. The admin and the
back-office pages check the permissions, never the group names.
"""

REVIEWER = "Reviewer"
PROGRAMME_MANAGER = "Programme manager"
FLOOR_MANAGER = "Floor manager"
REPORTING = "Reporting"

ALL = [REVIEWER, PROGRAMME_MANAGER, FLOOR_MANAGER, REPORTING]
