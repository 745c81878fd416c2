"""The problems of an import, each with its spreadsheet row, its column and the reason."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # spreadsheet row, the header being row 1; None for the whole file
    column: str  # column name, or "" when the problem is not about one column
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


def _first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def import_problems(result, resource=None):
    """Every problem of an import result, in row order, as :class:`ImportProblem`.

    ``result.invalid_rows`` carries validation errors by field; ``row_errors()`` carries the
    errors raised while importing a row; ``base_errors`` those about the whole file.
    """
    columns = {}
    if resource is not None:
        for field in resource.get_import_fields():
            if field.attribute:
                columns[field.attribute] = field.column_name
    problems = [ImportProblem(None, "", _first_line(e.error)) for e in result.base_errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else columns.get(field, field)
            for message in messages:
                problems.append(ImportProblem(invalid.number + 1, column, str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(ImportProblem(number + 1, "", _first_line(error.error)))
    return sorted(problems, key=lambda p: (p.row or 0, p.column))
