from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.matching.districts import BadCsv, load_districts, read_csv


class Command(BaseCommand):
    help = (
        "Load postcode district centres from a CSV with the columns district, latitude and "
        "longitude (lines starting with # are notes). Adds new districts and updates known "
        "ones; running it again changes nothing more. Nothing is loaded if any line is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, help="The CSV file to load.")
        parser.add_argument(
            "--source",
            default="",
            help="Where the centres come from, kept with each row (default: the file's name).",
        )

    def handle(self, *args: Any, csv: Path, source: str = "", **options: Any) -> None:
        try:
            with csv.open(encoding="utf-8-sig", newline="") as stream:
                rows = read_csv(stream)
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {csv}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{csv} is not a text file in UTF-8.") from error
        except BadCsv as error:
            raise CommandError("\n".join(error.problems)) from error
        loaded = load_districts(rows, source=source or csv.name)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(rows)} postcode districts from {csv.name}: "
                f"{loaded.created} new, {loaded.updated} updated."
            )
        )
