"""The session remembers that its user is a buyer (set when they log in), so that every page's
navigation shows the buyer's links without a query of its own."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from exhibitors.buyers.models import Buyer

#: The session key the navigation bar reads (templates/includes/navbar.html).
SESSION_KEY = "buyer_role"


@receiver(user_logged_in, dispatch_uid="buyers_note_the_role")
def note_the_role(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if Buyer.objects.filter(user_id=user.pk).exists():
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)
