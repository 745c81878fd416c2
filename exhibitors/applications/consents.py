"""Consents: the record of each agreement to a notice.

The notices and their versions are the portal's (``portal.legal``): change a notice's text,
change its version there; agreements already given stay recorded with the version they were
given to.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from exhibitors.applications.models import Application, Consent, ConsentKind
from portal.legal import PRIVACY_VERSION, TERMS_VERSION

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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
