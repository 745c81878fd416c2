"""Bilingual content: models keep Korean and English text side by side (``name_ko``, ``name_en``)."""

from django.utils.translation import get_language


def content_language():
    """The content language for the active UI language: "ko" or "en"."""
    return "ko" if (get_language() or "ko").startswith("ko") else "en"


def localized(korean, english):
    """The text for the active language, or the other language's when it is empty: what
    :class:`Localized` answers, for the two values read without their model (``values()``)."""
    if content_language() == "ko":
        return korean or english
    return english or korean


class Localized:
    """Read-only attribute that returns ``<name>_ko`` or ``<name>_en`` for the active language,
    falling back to the other language when the preferred one is empty.

        class Theme(models.Model):
            name_ko = models.CharField(...)
            name_en = models.CharField(...)
            name = Localized()
    """

    def __set_name__(self, owner, name):
        self.base = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        preferred, other = ("ko", "en") if content_language() == "ko" else ("en", "ko")
        return getattr(obj, f"{self.base}_{preferred}") or getattr(obj, f"{self.base}_{other}")
