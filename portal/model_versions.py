"""A version token per model (``portal.versions``), for cached copies that show the rows of
several models (the back office's lists): their key carries :func:`token` of every model they
show, and every write of one of those models replaces its token.

- :func:`watch` connects one ``post_save``/``post_delete`` receiver that bumps the token of
  the model written (a proxy counts as its concrete model), for the models named;
- code that writes with ``QuerySet.update``, ``bulk_create`` or ``bulk_update`` (no signal)
  calls :func:`changed` itself.

A save of a user that only stamps ``last_login`` (every login) changes nothing shown."""

from django.db.models.signals import post_delete, post_save

from portal import versions

_watched: set[str] = set()


def name(model) -> str:
    """The version name of ``model`` (a model class or instance, or an ``app.Model`` label)."""
    if isinstance(model, str):
        app_label, model_name = model.split(".")
        return f"model:{app_label.lower()}.{model_name.lower()}"
    return f"model:{model._meta.concrete_model._meta.label_lower}"


def token(*models) -> str:
    """The tokens of ``models`` in one string (one cache read)."""
    return versions.token(*(name(model) for model in models))


def changed(*models, using: str | None = None) -> None:
    """The rows of ``models`` changed: their cached copies are stale, now and after commit."""
    for model in models:
        versions.bump(name(model), using=using)


def _saved(sender, instance=None, update_fields=None, using=None, **kwargs):
    key = name(sender)
    if key not in _watched:
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    versions.bump(key, using=using)


def _deleted(sender, using=None, **kwargs):
    key = name(sender)
    if key in _watched:
        versions.bump(key, using=using)


def watch(*models) -> None:
    """Bump the token of each of ``models`` (classes or ``app.Model`` labels) at every save
    and delete of one of its rows, through the model or one of its proxies. Watching a model
    again changes nothing."""
    from django.apps import apps

    for model in models:
        if isinstance(model, str):
            model = apps.get_model(model)
        concrete = model._meta.concrete_model
        _watched.add(name(concrete))
        for sender in apps.get_models():
            if sender._meta.concrete_model is concrete:
                uid = f"portal.model_versions:{sender._meta.label_lower}"
                post_save.connect(_saved, sender=sender, dispatch_uid=f"{uid}:saved")
                post_delete.connect(_deleted, sender=sender, dispatch_uid=f"{uid}:deleted")
