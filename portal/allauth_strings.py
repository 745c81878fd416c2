"""allauth's texts whose Korean translation in the library is wrong, listed here so that
``make messages`` keeps them in the portal's catalogue (``locale/ko``), which Django reads
before the library's (``LOCALE_PATHS``). ``tests/test_two_factor.py`` checks that allauth's
templates still use these exact texts."""

from django.utils.translation import ngettext_lazy

#: On the two-factor pages (mfa/index.html, mfa/recovery_codes/index.html). The library's
#: Korean says "M of N accounts can set up recovery codes".
RECOVERY_CODES_LEFT = ngettext_lazy(
    "There is %(unused_count)s out of %(total_count)s recovery codes available.",
    "There are %(unused_count)s out of %(total_count)s recovery codes available.",
    "unused_count",
)
