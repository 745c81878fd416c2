from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        _install_admin_site()
        _translate_when_shown()
        _name_the_libraries_models()
        _guard_against_decompression_bombs()
        _cached_users_follow_their_writes()


def _cached_users_follow_their_writes():
    """The signed-in user is read from the cache (``portal.auth_cache``): every save or
    deletion of a user, and every change of their groups or permissions, makes the copy
    stale."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal import auth_cache

    user_model = get_user_model()
    post_save.connect(auth_cache.user_saved, sender=user_model, dispatch_uid="auth_cache_save")
    post_delete.connect(auth_cache.user_saved, sender=user_model, dispatch_uid="auth_cache_del")
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            auth_cache.user_relations_changed,
            sender=through,
            dispatch_uid=f"auth_cache_{through._meta.model_name}",
        )


def _install_admin_site():
    """``admin.site`` is the portal's (``portal.admin_site``: the app list and the sidebar
    from the cache). This app comes before the admin in ``INSTALLED_APPS``, so its
    ``ready()`` runs before the admin's registers any model; the site is made at its first
    use, from the admin app's ``default_site``. Who may do what is watched here: every
    change of a group, a permission or who holds them makes the cached permission sets
    stale."""
    from django.apps import apps
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django.utils.functional import empty

    from portal.admin_site import permissions_changed

    if admin.site._wrapped is not empty:
        raise ImproperlyConfigured("admin.site was made before the portal's app was ready")
    apps.get_app_config("admin").default_site = "portal.admin_site.PortalAdminSite"
    User = get_user_model()
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                permissions_changed, sender=model, dispatch_uid=f"permissions-{model.__name__}"
            )
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            permissions_changed, sender=through, dispatch_uid=f"permissions-{through.__name__}"
        )


def _guard_against_decompression_bombs():
    """Uploads are refused past 40 megapixels by ``portal.validators.validate_image`` (from the
    header, with a translated message) before Pillow opens them. Pillow's own guard, which
    merely warns past ``MAX_IMAGE_PIXELS`` and refuses only at twice that, is set to the same
    limit with its warning made an error, so that no other opening of a larger image ever
    decodes it."""
    import warnings

    from PIL import Image

    from portal.validators import MAX_IMAGE_PIXELS

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def _name_the_libraries_models():
    """Names in the page's language for what the admin shows of two libraries' models that
    come without them: allauth's authenticators (fields without verbose names), the field of
    its "send me a code" form, and the task queue (an application name and two columns in
    English only). Only the names shown change (a field's ``verbose_name``, not what its
    migrations record)."""
    from allauth.account.forms import RequestReauthenticationCodeForm
    from allauth.mfa.models import Authenticator
    from django.apps import apps
    from django.utils.translation import gettext_lazy
    from django_tasks_db.admin import DBTaskResultAdmin
    from django_tasks_db.models import DBTaskResult

    RequestReauthenticationCodeForm.base_fields["recipient"].label = gettext_lazy(
        "Send the code to"
    )
    apps.get_app_config("django_tasks_database").verbose_name = gettext_lazy("Background tasks")
    DBTaskResult._meta.get_field("id").verbose_name = "ID"
    DBTaskResult.task_name.fget.short_description = gettext_lazy("task")
    DBTaskResultAdmin.formatted_traceback.short_description = gettext_lazy("traceback")
    DBTaskResultAdmin.display_run_after.short_description = gettext_lazy("run after")
    opts = Authenticator._meta
    opts.verbose_name = gettext_lazy("authenticator")
    opts.verbose_name_plural = gettext_lazy("authenticators")
    for name, label in {
        "user": gettext_lazy("user"),
        "type": gettext_lazy("type"),
        "created_at": gettext_lazy("created at"),
        "last_used_at": gettext_lazy("last used at"),
        "data": gettext_lazy("data"),
    }.items():
        opts.get_field(name).verbose_name = label


def _translate_when_shown():
    """Two of Django's translated texts are made once, when their class is created, in the
    language active then (Korean, ``LANGUAGE_CODE``), so English pages showed them in Korean:
    the names of the many-to-many tables ("Group-permission 관계" on the page that deletes a
    group) and the help of the admin's "set password" form. They become lazy again here, so
    that each page shows them in its own language."""
    from django.apps import apps
    from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
    from django.utils.functional import lazy
    from django.utils.html import format_html
    from django.utils.text import format_lazy
    from django.utils.translation import gettext

    def translated(text, **names):
        return lazy(lambda: gettext(text) % {k: str(v) for k, v in names.items()}, str)()

    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.auto_created:
            links = [field for field in opts.fields if field.is_relation]
            if len(links) == 2:
                ends = {"from": links[0].related_model._meta.verbose_name}
                ends["to"] = links[1].related_model._meta.verbose_name
                opts.verbose_name = translated("%(from)s-%(to)s relationship", **ends)
                opts.verbose_name_plural = translated("%(from)s-%(to)s relationships", **ends)
        # simple-history names its models "historical <name>" in the language of the moment
        # and in English only.
        instance_type = getattr(model, "instance_type", None)
        if instance_type is not None and model.__name__.startswith("Historical"):
            original = instance_type._meta
            opts.verbose_name = translated("historical %(name)s", name=original.verbose_name)
            opts.verbose_name_plural = translated(
                "historical %(name)s", name=original.verbose_name_plural
            )

    AdminPasswordChangeForm.usable_password_help_text = format_lazy(
        "{}{}",
        SetUnusablePasswordMixin.usable_password_help_text,
        lazy(
            lambda: format_html(
                '<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
                gettext("If disabled, the current password for this user will be lost."),
            ),
            str,
        )(),
    )
