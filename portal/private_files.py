"""Private files: companies' documents, kept in the storage the environment chose (local disk,
or S3-compatible object storage; see the storage block of ``portal/settings/base.py``).

Two guarantees live here:

- ``PrivateFileField`` and ``PrivateImageField`` make a stored file's ``.url`` the address of
  the portal's permission-checked download view, never the storage's own address, and its
  shown text a "Download (PDF)" label, never the storage's name: forms, the admin's widgets
  and its read-only display all link through the view without knowing it.
  A file that is replaced, cleared or whose row is deleted is removed from the storage once
  the transaction commits.
- ``serve_private_file`` is the one place that hands a stored file out, after a view has
  checked who asks: from local disk it streams the file as an attachment with
  ``X-Content-Type-Options: nosniff``; from object storage that signs its addresses it
  redirects to a short-lived signed address that forces the download.
"""

import functools
import logging
from pathlib import PurePath

from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

#: The download view every private file links to: (model name, primary key, field name).
DOWNLOAD_VIEW = "exhibitors:document"


class _ViewUrl:
    """What a stored private file shows: the download view as its address, and a "Download
    (PDF)" label as its text (``__html__``, which templates, the admin's read-only display and
    the file widgets print) instead of its storage name (``reports/12/3f2a….pdf``, which means
    nothing to a reader). ``str()`` stays the storage name: the database stores it."""

    @property
    def label(self):
        kind = PurePath(self.name or "").suffix.lstrip(".").upper()
        if not kind:
            return gettext("Download")
        return gettext("Download (%(kind)s)") % {"kind": kind}

    def __html__(self):
        return escape(self.label) if self else ""

    @property
    def url(self):
        """The permission-checked download view, never the storage's address."""
        self._require_file()
        if self.instance.pk is None:
            return ""
        return reverse(
            DOWNLOAD_VIEW, args=[self.instance._meta.model_name, self.instance.pk, self.field.name]
        )


class PrivateFieldFile(_ViewUrl, FieldFile):
    pass


class PrivateImageFieldFile(_ViewUrl, ImageFieldFile):
    pass


class _PrivateField:
    """Shared by the two fields: the view address and the clean-up of the storage."""

    #: What migrations record: only Python behaviour differs from Django's field, nothing in
    #: the database, so the migrations keep naming Django's own class.
    migration_path = None

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.migration_path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            uid = f"private-file-{cls._meta.label_lower}-{name}"
            signals.post_init.connect(self._remember, sender=cls, weak=False, dispatch_uid=uid)
            signals.post_save.connect(self._drop_replaced, sender=cls, weak=False, dispatch_uid=uid)
            signals.post_delete.connect(
                self._drop_deleted, sender=cls, weak=False, dispatch_uid=uid
            )

    # The storage's name of the file as loaded, to remove it once replaced.

    def _remember(self, instance, **kwargs):
        # post_init runs inside __init__, before from_db() marks a loaded row as not adding:
        # a row from the database brings its file's name as a string.
        if self.attname not in instance.__dict__:
            return  # deferred: unknown, never removed
        value = instance.__dict__[self.attname]
        stored = value if isinstance(value, str) and value else None
        instance.__dict__.setdefault("_private_files", {})[self.attname] = stored

    def _drop_replaced(
        self, instance, created=False, raw=False, update_fields=None, using=None, **kwargs
    ):
        if raw or (update_fields is not None and self.attname not in update_fields):
            return
        known = instance.__dict__.setdefault("_private_files", {})
        current = getattr(instance, self.attname).name or None
        old = known.get(self.attname)
        known[self.attname] = current
        if old and old != current and not created:
            self._delete_on_commit(old, using)

    def _drop_deleted(self, instance, using=None, **kwargs):
        name = instance.__dict__.get(self.attname)
        name = getattr(name, "name", name)
        if name:
            self._delete_on_commit(name, using)

    def _delete_on_commit(self, name, using):
        transaction.on_commit(functools.partial(self._delete, name), using=using)

    def _delete(self, name):
        try:
            self.storage.delete(name)
        except Exception:  # the data is saved: an unreachable storage only leaves a stray file
            logger.exception("Could not delete %s from the storage", name)


class PrivateFileField(_PrivateField, models.FileField):
    attr_class = PrivateFieldFile
    migration_path = "django.db.models.FileField"


class PrivateImageField(_PrivateField, models.ImageField):
    attr_class = PrivateImageFieldFile
    migration_path = "django.db.models.ImageField"

    def formfield(self, **kwargs):
        from portal.validators import ImageUploadField

        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


def signs_urls(storage):
    """Whether the storage hands out signed, expiring addresses (object storage with query
    string authentication and no unsigned custom domain)."""
    return bool(getattr(storage, "querystring_auth", False)) and not getattr(
        storage, "custom_domain", None
    )


def serve_private_file(file, filename):
    """The stored ``file`` as a download named ``filename``; 404 when there is none.

    Call it only after checking that the requester may have the file."""
    if not file:
        raise Http404
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    storage = file.storage
    if signs_urls(storage):
        response = HttpResponseRedirect(
            storage.url(file.name, parameters={"ResponseContentDisposition": disposition})
        )
    else:
        try:
            handle = storage.open(file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def file_suffix(file) -> str:
    """The stored file's extension in lower case (``.pdf``), or "" when it has none."""
    return PurePath(file.name).suffix.lower()
