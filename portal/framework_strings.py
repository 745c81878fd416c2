"""Texts of Django, django-countries, django-import-export, simple-history and the task queue
whose Korean the portal's catalogue (``locale/ko``) provides or corrects: Django reads the
portal's catalogue before the libraries' (``LOCALE_PATHS``), so the same msgid there wins.
Listed here so that ``make messages`` (``makemessages --no-obsolete``) keeps them, and checked
by ``tests/test_languages.py``. Nothing imports these values."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

#: Django's admin, whose Korean says "뷰 심사", "보기위한 1심사 를(을) 선택", "독자는...", and
#: leaves the particles to the reader ("을/를", "이/가", "(으)로").
ADMIN = [
    gettext_noop("View %s"),
    gettext_noop("Select %s to view"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password "
        "twice so we can verify you typed it in correctly."
    ),
    gettext_noop(
        "We’ve emailed you instructions for setting your password, if an account exists with "
        "the email you entered. You should receive them shortly."
    ),
]

#: Django's forms and models, same slips.
CORE = [
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist."
    ),
    gettext_noop("“%(path)s” does not exist"),
    gettext_noop("%(name)s object with primary key %(key)r does not exist."),
]

#: django-countries ("케이맨 섬1"), django-import-export (its export page said "가져옵니다",
#: import), simple-history (no Korean), the task queue (no Korean).
LIBRARIES = [
    gettext_noop("Cayman Islands"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("historical %(name)s"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
]

#: The task queue's states, and the admin's count of changed rows.
IN_CONTEXT = [
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]
PLURAL = ngettext_lazy(
    "%(count)s %(name)s was changed successfully.",
    "%(count)s %(name)s were changed successfully.",
    "count",
)

ALL = [*ADMIN, *CORE, *LIBRARIES]
