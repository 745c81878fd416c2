"""The one word for "the rules say no": every service raises a subclass of :class:`Refused`.

``message`` is for the user, already translated; ``errors`` maps form fields to messages when
the refusal is about what was typed, so that a page can show each beside its field and keep
everything else the user entered.
"""


class Refused(Exception):
    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
