"""``manage.py import RESOURCE FILE``: django-import-export's command, made all-or-nothing.

Over the library's command this one
- reads CSV as Korean Excel saves it (UTF-8 with or without BOM, or CP949) unless ``--format``
  says otherwise;
- reports every invalid row with its spreadsheet row number, column and reason, exits 1, and
  writes nothing (the resources roll back on any invalid row).
"""

import importlib

from django.core.management.base import CommandError
from import_export.command_utils import get_format_class, get_resource_class
from import_export.results import RowResult

from portal.audit import audit
from portal.spreadsheets import (
    SpreadsheetTooLarge,
    UndecodableFile,
    UnreadableSpreadsheet,
    guess_format,
    import_problems,
)

library_command = importlib.import_module("import_export.management.commands.import")


class Command(library_command.Command):
    help = (
        "Import a spreadsheet (CSV in UTF-8 or CP949, or XLSX) through a resource; "
        "nothing is written if any row is invalid."
    )

    def handle(self, *args, **options):
        file_name = options["import_file_name"]
        if options["interactive"] and input("Import the data? [yes/no]: ") != "yes":
            raise CommandError("Import cancelled.")
        if file_name == "-":
            raise CommandError("Give a file name: the format is told by its extension.")
        resource = get_resource_class(options["resource"])()
        if options.get("format"):
            # The portal's readers (with the limits on size, rows and columns) for the formats
            # it knows; the library's for the others.
            input_format = guess_format(f"file.{options['format']}") or get_format_class(
                options["format"], file_name, options.get("encoding")
            )
        else:
            input_format = guess_format(file_name)
            if input_format is None:
                raise CommandError(f"Cannot tell the format of {file_name}: use --format.")
        with open(file_name, input_format.get_read_mode()) as file:
            data = file.read()
        try:
            dataset = input_format.create_dataset(data)
        except (
            UndecodableFile,
            UnicodeDecodeError,
            SpreadsheetTooLarge,
            UnreadableSpreadsheet,
        ) as error:
            raise CommandError(str(error)) from error

        # No user outside a request: the audit trail names the command and the file.
        with audit(reason=f"manage.py import {options['resource']} {file_name}"):
            result = resource.import_data(
                dataset, dry_run=options["dry_run"], raise_errors=options["raise_errors"]
            )
        problems = import_problems(result, resource)
        if problems:
            for problem in problems:
                self.stderr.write(self.style.ERROR(str(problem)))
            raise CommandError(
                f"{len(problems)} problem(s) found in {file_name}; nothing was imported."
            )
        totals = result.totals
        verb = "Checked (dry run, nothing written)" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {totals[RowResult.IMPORT_TYPE_NEW]} new, "
                f"{totals[RowResult.IMPORT_TYPE_UPDATE]} updated, "
                f"{totals[RowResult.IMPORT_TYPE_SKIP]} skipped."
            )
        )
