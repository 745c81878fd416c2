"""E-mail goes out through the task queue, after the transaction that caused it commits: a
failing mail server can delay a message but never undo or lose the change behind it."""

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject, body, to, html="", from_email=None):
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def queue_email(*, subject, body, to, html="", from_email=None):
    """Enqueue the message once the current transaction (if any) has committed."""

    def enqueue():
        try:
            send_email.enqueue(
                subject=subject, body=body, to=list(to), html=html, from_email=from_email
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


def queue_template_email(template_prefix, *, to, context, language):
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and, if present,
    ``<prefix>_message.html`` in ``language`` and queue the result."""
    with translation.override(language):
        subject = " ".join(render_plain(f"{template_prefix}_subject.txt", context).split())
        body = render_plain(f"{template_prefix}_message.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = ""
    queue_email(subject=subject, body=body, to=to, html=html)
