"""Consents: the notices a user agrees to, and the record of each agreement.

The notices' texts are templates (``templates/legal/``), translated like every page; each has a
version here. Change a notice's text, change its version: agreements already given stay
recorded with the version they were given to.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from exhibitors.applications.models import Application, Consent, ConsentKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The notice on the collection and use of personal information (``legal/_privacy.html``).
PRIVACY_VERSION = "2026-12"
#: The participation terms agreed to when confirming a place (``legal/_terms.html``).
TERMS_VERSION = "2026-12"

CURRENT = {ConsentKind.PRIVACY: PRIVACY_VERSION, ConsentKind.TERMS: TERMS_VERSION}


@transaction.atomic
def consent_record(
    *,
    user: User,
    kind: str,
    version: str | None = None,
    application: Application | None = None,
    now: datetime.datetime | None = None,
) -> Consent:
    """Record that ``user`` agreed to the notice ``kind`` in ``version`` (the current one by
    default), for ``application`` where the notice is about one."""
    consent = Consent(
        user=user,
        kind=kind,
        version=version or CURRENT[kind],
        application=application,
        agreed_at=now or timezone.now(),
    )
    consent.full_clean()
    consent.save()
    return consent
