"""The application's life: one service per move, and the only code that changes a status.

Every service locks the application row, checks the move against ``TRANSITIONS`` and the
pavilion's deadlines (on the server, whatever the page showed), saves only what changed,
records a ``StatusChange`` (who, when, from, to, why) and queues its e-mail after commit
(``notify=False`` for records of the past, such as the demo data).
Views, admin actions and the demo data call these; none of them assigns ``status``.

One module per use case (:mod:`.common` holds what every move shares); the public names
are re-exported here, so callers import them from ``exhibitors.applications.services``.
"""

from exhibitors.applications.services.common import (
    ApplicationRefused,
    company_recipients,
)
from exhibitors.applications.services.company_moves import (
    application_confirm,
    application_decline,
    application_expire,
    application_withdraw,
)
from exhibitors.applications.services.decisions import (
    DECISION_STATUS,
    RELEASE_NOTE,
    decision_record,
    decisions_pending,
    decisions_record_top,
    decisions_release,
    release_refusals,
)
from exhibitors.applications.services.drafting import (
    EDITABLE_FIELDS,
    ApplicationStale,
    application_save,
    application_start,
    application_submit,
    submission_time,
)
from exhibitors.applications.services.next_steps import (
    NextSteps,
    application_next_steps,
    application_steps_change_at,
    can_edit,
    can_respond,
    can_withdraw,
    confirmation_deadline,
)
from exhibitors.applications.services.places import (
    DECIDABLE_STATES,
    is_full,
    places_left,
    places_summary,
)
from exhibitors.applications.services.staff_moves import (
    PROMOTION_CONFIRMATION_TIME,
    application_accept,
    application_reject,
    application_start_review,
    application_unpromote,
    application_waitlist,
    waitlist_promote,
)

__all__ = [
    "ApplicationRefused",
    "company_recipients",
    "can_edit",
    "can_withdraw",
    "PROMOTION_CONFIRMATION_TIME",
    "confirmation_deadline",
    "can_respond",
    "NextSteps",
    "application_next_steps",
    "application_steps_change_at",
    "application_start",
    "submission_time",
    "ApplicationStale",
    "EDITABLE_FIELDS",
    "application_save",
    "application_submit",
    "application_withdraw",
    "application_start_review",
    "places_left",
    "is_full",
    "places_summary",
    "application_accept",
    "application_waitlist",
    "application_reject",
    "application_confirm",
    "application_decline",
    "application_expire",
    "waitlist_promote",
    "application_unpromote",
    "DECIDABLE_STATES",
    "DECISION_STATUS",
    "decisions_pending",
    "decision_record",
    "decisions_record_top",
    "RELEASE_NOTE",
    "release_refusals",
    "decisions_release",
]
