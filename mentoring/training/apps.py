from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training modules, records with derived expiry, sessions, the matrix."""

    name = "mentoring.training"
    label = "training"
    verbose_name = "Training"
