"""Consents: the notices a user agrees to, and the record of each agreement.

The notices' texts are templates (``templates/legal/``), translated like every page; each has a
version here. Change a notice's text, change its version: agreements already given stay
recorded with the version they were given to.
"""

from django.db import transaction
from django.utils import timezone

from exhibitors.applications.models import Consent, ConsentKind

#: The notice on the collection and use of personal information (``legal/_privacy.html``).
PRIVACY_VERSION = "2026-12"
#: The participation terms agreed to when confirming a place (``legal/_terms.html``).
TERMS_VERSION = "2026-12"

CURRENT = {ConsentKind.PRIVACY: PRIVACY_VERSION, ConsentKind.TERMS: TERMS_VERSION}


@transaction.atomic
def consent_record(*, user, kind, version=None, application=None, now=None):
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
