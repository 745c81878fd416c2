"""Who sees what on the reviewer pages."""


def sees_all_reviews(user):
    """Programme managers (and superusers) see and assign every review."""
    return user.has_perm("exhibitors.assign_reviewers")


def _may_export(request):
    return request.user.has_perm("exhibitors.decide_application") or request.user.has_perm(
        "exhibitors.assign_reviewers"
    )
