"""People's names as their language writes them: the one place that joins a user's first and
last name (pages, the admin's welcome and lists, allauth's ``user_display``)."""

import re

#: Hangul, and the Han characters of names written in them: family name first, no space.
_FAMILY_FIRST = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u4e00-\u9fff]")


def full_name(user):
    """ "김지수" for 김 (last name) and 지수 (first name), "Jisoo Kim" for a name in Latin
    letters; "" when the user gave neither. Korean writes Korean names family name first
    without a space and keeps a foreign name in its own order, in Korean text as in English."""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if _FAMILY_FIRST.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def display_name(user):
    """The name to show for ``user``: the full name, else the e-mail address, else the
    username."""
    return full_name(user) or user.email or user.get_username()
