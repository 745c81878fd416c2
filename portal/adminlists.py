"""Admin change lists with many rows, made cheaper to draw (issue 8).

Django draws each row's action checkbox through the form widget templates: about a quarter
of the time of a 100-row ranking or review list. :class:`QuickActionCheckbox` writes the
very same markup directly (tests/test_query_budgets.py compares the two)."""

from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.translation import gettext as _


class QuickActionCheckbox:
    """Mix into a ModelAdmin before ``admin.ModelAdmin``."""

    def action_checkbox(self, obj):
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


# The cached lists -----------------------------------------------------------------------------

#: Stands for the CSRF token while the list's content is drawn for the cache: the token is
#: never cached, each page puts its own in its place.
CSRF_STAND_IN = "csrf-stand-in-0f6f4c1e"
#: Cached lists expire after this at the latest (every write that changes one replaces its
#: token at once).
LIST_CACHE_SECONDS = 3600


class _CachedList:
    """What the page around a cached list's content reads of Django's ChangeList."""

    formset = None

    def __init__(self, opts):
        self.opts = opts


class CachedChangeList:
    """Mix into a ModelAdmin whose change list template wraps its ``content`` block in
    ``{% listcache %}`` (``portal.templatetags.admin_chrome``): the content (object tools,
    search, actions, rows, pagination, filters: everything but the CSRF token) is drawn once
    per version of what it shows, permission set, language, time zone and query string, and
    read from the cache afterwards (one cache read), without building Django's ChangeList.

    ``list_cache_names`` are the version names (:mod:`portal.versions`) of everything the
    list shows: the models behind each are watched by ``portal.pagecache.watch``, their bulk
    writes call ``portal.pagecache.written``. ``list_cache_per_user``: the content shows the
    user's own rows or figures. Page-specific context goes in :meth:`list_extra_context`,
    which only a drawing of the list calls (it may set ``list_cache_until``: the instant
    after which the content is no longer true, e.g. a deadline it speaks of)."""

    list_cache_names: tuple = ()
    list_cache_per_user = False

    def list_extra_context(self, request):
        return {}

    def _list_cacheable(self, request):
        from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
        from django.contrib.admin.views.main import ERROR_FLAG

        return (
            request.method == "GET"
            and not {IS_POPUP_VAR, TO_FIELD_VAR, ERROR_FLAG} & set(request.GET)
            and bool(self.list_cache_names)
        )

    def list_cache_key(self, request):
        """The key of the list's cached content for ``request`` (the versions are checked
        apart: see :meth:`changelist_view`)."""
        import hashlib

        from django.urls import get_script_prefix
        from django.utils import timezone
        from django.utils.translation import get_language

        from portal.admin_site import code_token, permission_key

        user = request.user.pk if self.list_cache_per_user else ""
        parts = [
            code_token(),
            permission_key(request),
            str(user),
            get_language() or "",
            timezone.get_current_timezone_name(),
            get_script_prefix(),
            *(
                f"{name}={value}"
                for name, values in sorted(request.GET.lists())
                for value in values
            ),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
        return f"lists:{self.opts.label_lower}:{digest}"

    def _list_cache_read(self, key):
        """(the current token of the list's names, the entry cached under ``key`` or None):
        one cache read when the tokens exist."""
        from portal import versions

        return versions.read(key, *self.list_cache_names)

    def changelist_view(self, request, extra_context=None):
        from django.core.exceptions import PermissionDenied
        from django.template.response import TemplateResponse
        from django.utils import timezone

        if not self._list_cacheable(request):
            context = {**self.list_extra_context(request), **(extra_context or {})}
            return super().changelist_view(request, context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        key = self.list_cache_key(request)
        token, entry = self._list_cache_read(key)
        if (
            entry is not None
            and entry["token"] == token
            and (entry["until"] is None or timezone.now() < entry["until"])
        ):
            return self._cached_changelist(request, entry, extra_context)
        context = {**self.list_extra_context(request), **(extra_context or {})}
        response = super().changelist_view(request, context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            capture = (key, token, context.get("list_cache_until"))
            response.context_data["list_cache_capture"] = capture
        return response

    def _cached_changelist(self, request, entry, extra_context):
        from django.template.response import TemplateResponse

        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "module_name": str(opts.verbose_name_plural),
            "title": entry["title"],
            "subtitle": entry["subtitle"],
            "is_popup": False,
            "to_field": None,
            "cl": _CachedList(opts),
            "media": entry["media"],
            "opts": opts,
            "action_form": entry["action_form"],
            "actions_on_top": self.actions_on_top,
            "actions_on_bottom": self.actions_on_bottom,
            "actions_selection_counter": self.actions_selection_counter,
            **(extra_context or {}),
            "list_cache_parts": entry["parts"],
        }
        if hasattr(self, "ie_base_change_list_template"):
            # django-import-export's list templates extend the one this names.
            context["ie_base_change_list_template"] = self.ie_base_change_list_template
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            self.change_list_template
            or [
                f"admin/{opts.app_label}/{opts.model_name}/change_list.html",
                f"admin/{opts.app_label}/change_list.html",
                "admin/change_list.html",
            ],
            context,
        )


def list_cache_entry(context, parts, token, until):
    """The cached entry of a list drawn with ``context`` (the template tag's)."""
    media = context.get("media")
    title, subtitle = context.get("title"), context.get("subtitle")
    return {
        "parts": parts,
        "token": token,
        "until": until,
        "title": None if title is None else str(title),
        "subtitle": None if subtitle is None else str(subtitle),
        "media": {"css": media["css"].render(), "js": media["js"].render()} if media else None,
        "action_form": bool(context.get("action_form")),
    }
