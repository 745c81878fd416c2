"""E-mail goes out through the task queue, after the transaction that caused it commits: a
failing mail server can delay a message but never undo or lose the change behind it.

Every link in a mail is built by :func:`absolute_url`: from the address of the request being
served when there is one (``MailOriginMiddleware`` notes it), so that a mail sent from a page
leads back to the server the user is on, and from ``SITE_URL`` otherwise (``send_reminders``
and other commands). Every mail is written in its reader's language: subject, text, dates and
the sender's name (:func:`sender`); the sender's address is always ``DEFAULT_FROM_EMAIL``'s.
"""

import contextlib
import contextvars
import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop
from django_tasks import task

logger = logging.getLogger(__name__)

#: The origin (``scheme://host[:port]``) of the request being served, if any.
_request_origin = contextvars.ContextVar("mail_request_origin", default=None)

#: The sender's name as DEFAULT_FROM_EMAIL gives it by default, in the catalogue so that it is
#: translated (any other name set there is used as it is, unless the catalogue has it too).
gettext_noop("Seoul Pavilion")


def site_url():
    """Where links in mails start: the request's origin, or ``SITE_URL`` without a request."""
    return _request_origin.get() or settings.SITE_URL


def absolute_url(path):
    """``path`` (from ``reverse``) as a full address for a mail."""
    return site_url() + path


@contextlib.contextmanager
def mail_origin(origin):
    """Build mail links from ``origin`` (``scheme://host[:port]``) inside the block."""
    token = _request_origin.set(origin.rstrip("/") if origin else None)
    try:
        yield
    finally:
        _request_origin.reset(token)


class MailOriginMiddleware:
    """Notes the request's origin for the mails sent while it is served. The host is the one
    Django checked against ``ALLOWED_HOSTS``; an unknown host falls back to ``SITE_URL``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = None
        with mail_origin(origin):
            return self.get_response(request)


def sender(language=None):
    """``DEFAULT_FROM_EMAIL`` with its name in ``language`` (the active one by default):
    "서울관 <noreply@…>" for a Korean reader, "Seoul Pavilion <noreply@…>" for an English one."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    with translation.override(language or translation.get_language()):
        name = translation.gettext(name)
    if any(c in name for c in '()<>@,;:\\".[]'):  # an RFC 5322 special: quote the name
        name = '"{}"'.format(name.replace("\\", "\\\\").replace('"', '\\"'))
    # Not encoded here: Django encodes a non-ASCII name when it builds the message.
    return f"{name} <{address}>"


@task()
def send_email(*, subject, body, to, html="", from_email=None, attachments=None):
    """``attachments``: ``[filename, text, mimetype]`` triples (text, so that the task's
    arguments stay JSON), such as a meeting's ``.ics`` file."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()


def queue_email(*, subject, body, to, html="", from_email=None, attachments=None):
    """Enqueue the message once the current transaction (if any) has committed."""
    extra = {"attachments": [list(a) for a in attachments]} if attachments else {}

    def enqueue():
        try:
            send_email.enqueue(
                subject=subject, body=body, to=list(to), html=html, from_email=from_email, **extra
            )
        except Exception:  # the change is committed; a mail failure is logged, not raised
            logger.exception("Could not queue the e-mail %r to %s", subject, to)

    transaction.on_commit(enqueue)


def queue_message(message):
    """Queue an already rendered EmailMessage (allauth renders its own)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    queue_email(
        subject=message.subject,
        body=message.body,
        to=message.to,
        html=html,
        from_email=message.from_email,
    )


def render_plain(template_name, context):
    """A plain-text template (a subject, a text part) rendered without HTML escaping: a company
    called "A&B" is "A&B" in a subject line, not "A&amp;B". Only the HTML part escapes."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def queue_template_email(template_prefix, *, to, context, language, attachments=None):
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and, if present,
    ``<prefix>_message.html`` in ``language`` and queue the result, with ``attachments``
    (``(filename, text, mimetype)``) if any."""
    with translation.override(language):
        subject = " ".join(render_plain(f"{template_prefix}_subject.txt", context).split())
        body = render_plain(f"{template_prefix}_message.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = ""
    queue_email(
        subject=subject,
        body=body,
        to=to,
        html=html,
        from_email=sender(language),
        attachments=attachments,
    )
