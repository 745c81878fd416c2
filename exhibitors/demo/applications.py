"""The demo's applications and reviews: the exhibitors of past editions, applied and confirmed
the way the portal makes them; the open call's submitted applications and the demo company's
draft; the review of the open call under way."""

import datetime
import random

from django.core.files.base import ContentFile

from exhibitors.applications import reviews as review_services
from exhibitors.applications import services as applications
from exhibitors.applications.models import Application, ApplicationStatus, BoothPreference, Review
from exhibitors.demo.content import (
    APPLICANT_GOALS,
    DEMO_PDF,
    REVIEW_COMMENTS,
    REVIEWED_APPLICATIONS,
    SCORED_PER_REVIEWER,
    THEME_BY_SECTOR,
)
from exhibitors.demo.events import SEOUL


def fill(application, demo, pavilion, *, position=0):
    goals, markets = APPLICANT_GOALS[position % len(APPLICANT_GOALS)]
    application.product_name_ko = f"{demo.name_ko} 솔루션"
    application.product_name_en = f"{demo.name_en} platform"
    application.product_description_ko = f"{demo.sector} 분야의 스마트시티 솔루션입니다."
    application.product_description_en = f"A smart-city solution for {demo.sector.lower()}."
    application.theme = pavilion.event.themes.get(name_en=THEME_BY_SECTOR[demo.sector])
    application.target_markets = markets
    application.goals = goals
    application.booth_preference = (
        BoothPreference.CORNER if position % 3 == 2 else BoothPreference.STANDARD
    )
    application.introduction_pdf.save(
        f"{demo.name_en.lower().replace(' ', '-')}.pdf", ContentFile(DEMO_PDF), save=False
    )
    application.save()


def confirmed_application(pavilion, demo, company):
    """An exhibitor the way the portal makes one: applied, submitted, accepted, confirmed,
    each on a day inside the pavilion's windows."""
    if Application.objects.filter(pavilion=pavilion, company=company).exists():
        return
    day = datetime.timedelta(days=1)
    opened = pavilion.applications_open_at
    application = applications.application_start(
        pavilion=pavilion, company=company, user=None, now=opened + day
    )
    fill(application, demo, pavilion)
    applications.application_submit(
        application=application, user=None, now=opened + 2 * day, notify=False
    )
    closed = pavilion.applications_close_at
    applications.application_start_review(application=application, user=None, now=closed + day)
    applications.application_accept(
        application=application, user=None, now=closed + 5 * day, notify=False
    )
    applications.application_confirm(
        application=application, user=None, now=pavilion.confirmation_deadline - day
    )


def submitted_application(pavilion, demo, company, *, position):
    """An applicant to the open call: started and submitted a few hours apart, on days
    between the call's opening and today."""
    if Application.objects.filter(pavilion=pavilion, company=company).exists():
        return
    started = pavilion.applications_open_at + datetime.timedelta(days=1, hours=5 * position)
    application = applications.application_start(
        pavilion=pavilion, company=company, user=None, now=started
    )
    fill(application, demo, pavilion, position=position)
    applications.application_submit(
        application=application,
        user=None,
        now=started + datetime.timedelta(hours=3),
        notify=False,
    )


def reviews(pavilion, *, reviewers, manager, today):
    """The review under way: the programme manager gave the first ``REVIEWED_APPLICATIONS``
    applications to two reviewers each (spread evenly) four days ago; each reviewer has
    scored ``SCORED_PER_REVIEWER`` of theirs since, the rest wait for them. Skipped when
    the pavilion already has reviews."""
    if Review.objects.filter(application__pavilion=pavilion).exists():
        return
    assigned = datetime.datetime.combine(
        today - datetime.timedelta(days=4), datetime.time(10), SEOUL
    )
    candidates = list(
        pavilion.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("submitted_at")[
            :REVIEWED_APPLICATIONS
        ]
    )
    review_services.reviewers_assign_evenly(
        applications=candidates,
        reviewers=reviewers,
        per_application=2,
        user=manager,
        now=assigned,
    )
    criteria = list(pavilion.criteria.all())
    rng = random.Random(f"{pavilion.event.slug}-reviews")
    for reviewer in reviewers:
        own = Review.objects.filter(application__pavilion=pavilion, reviewer=reviewer).order_by(
            "application__submitted_at"
        )
        for n, review in enumerate(own[:SCORED_PER_REVIEWER]):
            values = {c.pk: rng.randint(max(c.scale_max // 2, 1), c.scale_max) for c in criteria}
            review_services.review_submit(
                review=review,
                user=reviewer,
                values=values,
                comment=rng.choice(REVIEW_COMMENTS),
                now=assigned + datetime.timedelta(days=1 + n % 3, hours=n),
            )


def draft_application(pavilion, company, user):
    if Application.objects.filter(pavilion=pavilion, company=company).exists():
        return
    application = applications.application_start(
        pavilion=pavilion, company=company, user=user, now=pavilion.applications_open_at
    )
    application.product_name_ko = "한빛 스마트 횡단보도"
    application.product_name_en = "Hanbit Smart Crosswalk"
    application.save(update_fields=["product_name_ko", "product_name_en"])
