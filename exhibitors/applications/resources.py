from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from exhibitors.applications.models import Application, Review, Score
from exhibitors.companies.resources import RegistrationNumberWidget
from portal.spreadsheets import (
    ExportOnlyResource,
)

CENT = Decimal("0.01")


def _two_places(value):
    if value is None:
        return ""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class _ReportResource(ExportOnlyResource):
    """An export of one pavilion (``pavilion=...``) or of every pavilion. A queryset handed to
    :meth:`export` (the admin's selection or filters) only chooses the rows: they are read
    again through :meth:`get_queryset`, with its annotations and related objects."""

    def __init__(self, pavilion=None, **kwargs):
        super().__init__(**kwargs)
        self.pavilion = pavilion

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        rows = self.rows()
        if self.pavilion is not None:
            rows = rows.filter(**{self.pavilion_lookup: self.pavilion})
        return rows

    def export(self, queryset=None, **kwargs):
        rows = self.get_queryset()
        if queryset is not None:
            chosen = (
                queryset.values("pk")
                if hasattr(queryset, "values")
                else [obj.pk for obj in queryset]
            )
            rows = rows.filter(pk__in=chosen)
        return super().export(rows, **kwargs)


class ApplicationScoreResource(_ReportResource):
    """The ranking as a spreadsheet: one row per reviewable application, best first within
    each pavilion, with its score (mean of the submitted reviews' totals), number of reviews
    and spread, computed in the database. One query whatever the number of rows."""

    pavilion_lookup = "pavilion"

    event = fields.Field(attribute="pavilion__event__slug", column_name=gettext_lazy("event"))
    pavilion_slug = fields.Field(attribute="pavilion__slug", column_name=gettext_lazy("pavilion"))
    registration_number = fields.Field(
        attribute="company__registration_number",
        column_name=gettext_lazy("business registration number"),
        widget=RegistrationNumberWidget(),
    )
    name_ko = fields.Field(attribute="company__name_ko", column_name=gettext_lazy("name (Korean)"))
    name_en = fields.Field(attribute="company__name_en", column_name=gettext_lazy("name (English)"))
    status = fields.Field(attribute="get_status_display", column_name=gettext_lazy("status"))
    decision = fields.Field(
        attribute="get_decision_display", column_name=gettext_lazy("pending decision")
    )
    theme = fields.Field(column_name=gettext_lazy("exhibition theme"))
    score = fields.Field(column_name=gettext_lazy("score (0-100)"))
    review_count = fields.Field(
        attribute="review_count",
        column_name=gettext_lazy("number of reviews"),
        widget=widgets.IntegerWidget(),
    )
    spread = fields.Field(column_name=gettext_lazy("spread between reviewers"))
    submitted_at = fields.Field(
        attribute="submitted_at",
        column_name=gettext_lazy("submitted"),
        widget=widgets.DateTimeWidget(),
    )

    class Meta:
        model = Application
        fields = [
            "event",
            "pavilion_slug",
            "registration_number",
            "name_ko",
            "name_en",
            "status",
            "decision",
            "theme",
            "score",
            "review_count",
            "spread",
            "submitted_at",
        ]
        export_order = fields
        chunk_size = 2000

    def rows(self):
        ranked = Application.objects.reviewable().ranked()
        return ranked.select_related("pavilion__event", "company", "theme").order_by(
            "-pavilion__event__starts_on", "pavilion__slug", *ranked.query.order_by
        )

    def dehydrate_theme(self, application):
        return application.theme.name if application.theme else ""

    def dehydrate_score(self, application):
        return _two_places(application.score)

    def dehydrate_spread(self, application):
        return _two_places(application.spread)


class ReviewResource(_ReportResource):
    """Every submitted review: who reviewed which company when, the total, each criterion's
    score ("Innovation 8/10; Export readiness 7/10") and the comment. Two queries per chunk of
    rows (the reviews, then their scores with the criteria)."""

    pavilion_lookup = "application__pavilion"

    event = fields.Field(
        attribute="application__pavilion__event__slug", column_name=gettext_lazy("event")
    )
    pavilion_slug = fields.Field(
        attribute="application__pavilion__slug", column_name=gettext_lazy("pavilion")
    )
    registration_number = fields.Field(
        attribute="application__company__registration_number",
        column_name=gettext_lazy("business registration number"),
        widget=RegistrationNumberWidget(),
    )
    company = fields.Field(
        attribute="application__company__name", column_name=gettext_lazy("company")
    )
    reviewer = fields.Field(attribute="reviewer__email", column_name=gettext_lazy("reviewer"))
    submitted_at = fields.Field(
        attribute="submitted_at",
        column_name=gettext_lazy("submitted"),
        widget=widgets.DateTimeWidget(),
    )
    total = fields.Field(column_name=gettext_lazy("score (0-100)"))
    scores = fields.Field(column_name=gettext_lazy("scores"))
    comment = fields.Field(attribute="comment", column_name=gettext_lazy("comment"))

    class Meta:
        model = Review
        fields = [
            "event",
            "pavilion_slug",
            "registration_number",
            "company",
            "reviewer",
            "submitted_at",
            "total",
            "scores",
            "comment",
        ]
        export_order = fields
        chunk_size = 2000

    def rows(self):
        scores = Score.objects.select_related("criterion").order_by(
            "criterion__position", "criterion__pk"
        )
        return (
            Review.objects.submitted()
            .select_related("application__pavilion__event", "application__company", "reviewer")
            .prefetch_related(Prefetch("scores", queryset=scores))
            .order_by(
                "-application__pavilion__event__starts_on",
                "application__pavilion__slug",
                "application__company__name_ko",
                "submitted_at",
                "pk",
            )
        )

    def dehydrate_total(self, review):
        return _two_places(review.total)

    def dehydrate_scores(self, review):
        return "; ".join(
            f"{score.criterion.name} {score.value}/{score.criterion.scale_max}"
            for score in review.scores.all()
        )
