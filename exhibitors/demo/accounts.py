"""The demo's accounts: the superuser, one staff account per role (in its group only), and
the company and exhibitor users, all verified and with the same password."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from exhibitors.companies.models import Membership, MembershipRole
from exhibitors.demo.content import COMPANY_EMAIL, DEMO_PASSWORD, ROLE_ACCOUNTS, STAFF_EMAIL


def users(applicant):
    User = get_user_model()
    staff, created = User.objects.get_or_create(
        username=STAFF_EMAIL,
        defaults={
            "email": STAFF_EMAIL,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Staff",
        },
    )
    if created:
        staff.set_password(DEMO_PASSWORD)
        staff.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(  # verified, so that it can log in straight away
        user=staff, email=staff.email, defaults={"verified": True, "primary": True}
    )
    return {
        "staff": staff,
        "company": company_user(COMPANY_EMAIL, applicant, "하준", "유"),
    }


def company_user(email, company, first_name, last_name):
    """A verified user, owner of ``company``."""
    member, created = get_user_model().objects.get_or_create(
        username=email,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        member.set_password(DEMO_PASSWORD)
        member.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=member, defaults={"company": company, "role": MembershipRole.OWNER}
    )
    EmailAddress.objects.get_or_create(
        user=member, email=email, defaults={"verified": True, "primary": True}
    )
    return member


def role_users():
    """One staff account per role, in its group only (no superuser)."""
    User = get_user_model()
    accounts = {}
    for account in ROLE_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.email,
            defaults={
                "email": account.email,
                "is_staff": True,
                "first_name": account.first_name,
                "last_name": account.last_name,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=account.group))
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        accounts[account.email] = user
    return accounts
