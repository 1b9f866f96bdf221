import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo.scale import BENCH_PASSWORD, Scale, generate, has_data, manifest


class Command(BaseCommand):
    help = (
        "Fill an empty database with national-scale invented data for the benchmark: one big "
        "programme (50,000 referrals, 10,000 mentors, 70,000 training records, 20,500 "
        "mentees with their relationships at --scale 1) "
        "and smaller ones. See bench/README.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every figure (0.02 is small)."
        )
        parser.add_argument("--referrals", type=int, help="Referrals in the big programme.")
        parser.add_argument("--mentors", type=int, help="Mentors in the big programme.")
        parser.add_argument(
            "--training-records", type=int, help="Training records in the big programme."
        )
        parser.add_argument(
            "--mentees",
            type=int,
            help="At most this many mentees in the big programme (one per referral awaiting "
            "a match or matched).",
        )
        parser.add_argument(
            "--smaller-programmes", type=int, help="How many smaller programmes (default 3)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--manifest", type=Path, help="Write sign-ins and ids for the bench to this JSON file."
        )
        parser.add_argument(
            "--allow-existing",
            action="store_true",
            help="Add to a database that already has programmes, people or records.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Make the bench sign-ins (a well-known password) even with DEBUG off. "
            "Never on a live service.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "The bench sign-ins have a well-known password, so this runs only with "
                "DJANGO_DEBUG=true (or --force on a machine that is not live)."
            )
        if has_data() and not options["allow_existing"]:
            raise CommandError(
                "This database already holds programmes, people or records. Use an empty "
                "database (python3 dev.py bench makes one), or --allow-existing to add to it."
            )
        scale = Scale().scaled(options["scale"])
        overrides = {
            name: options[name]
            for name in (
                "referrals",
                "mentors",
                "training_records",
                "mentees",
                "smaller_programmes",
            )
            if options[name] is not None
        }
        scale = Scale(**{**scale.__dict__, **overrides})
        self.stdout.write(
            f"Generating {scale.referrals} referrals, {scale.mentors} mentors and "
            f"{scale.training_records} training records and up to {scale.mentees} mentees "
            "(with their relationships) in the big programme, and "
            f"{scale.smaller_programmes} smaller programmes"
        )
        started = time.perf_counter()
        generation = generate(
            scale=scale, seed=options["seed"], report=lambda line: self.stdout.write(f"  {line}")
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # As a live database would be: statistics gathered, visibility map set, so the
            # first pages timed do not race autovacuum over the fresh rows.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"  vacuum and analyze: {time.perf_counter() - started:.1f}s in all")
        for label, count in sorted(generation.counts.items()):
            self.stdout.write(f"  {label:<32} {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f}s. Sign-ins:")
        )
        for role, user in generation.sign_ins.items():
            self.stdout.write(f"  {role:<16} {user.email}")
        self.stdout.write(f"Password: {BENCH_PASSWORD}")
        if options["manifest"]:
            options["manifest"].parent.mkdir(parents=True, exist_ok=True)
            options["manifest"].write_text(json.dumps(manifest(generation), indent=2))
