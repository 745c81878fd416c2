"""The buyer's own pages: the sign-up (allauth's flow with the buyer's profile), their page
(status, profile, badge, catalogues, meetings), the printable badge, the renewal of the badge,
and the page a badge's QR code opens for an exhibitor's member.

A user is a buyer, a company's member or staff, never two of them: the sign-up refuses anyone
signed in, and a buyer reaches no company page (``company_required`` sends them here)."""

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from exhibitors.buyers import selectors, services
from exhibitors.buyers.access import buyer_required, user_buyer
from exhibitors.buyers.forms_buyer import BuyerProfileForm, BuyerSignupForm
from portal.mail import absolute_url
from portal.qrcodes import qr_svg


class BuyerSignupView(SignupView):
    """allauth's sign-up (rate limit, e-mail verification, the consent) with the buyer's form.
    Anyone signed in is refused: a buyer is sent to their page; a company's member or staff is
    told that a buyer account needs an address of its own."""

    template_name = "buyers/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if user_buyer(request.user) is not None:
                return redirect("exhibitors:buyer_home")
            return render(request, "buyers/signup_refused.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return BuyerSignupForm  # not ACCOUNT_FORMS' sign-up form: the buyer's

    def get_initial(self):
        initial = super().get_initial()
        initial["preferred_language"] = self.request.LANGUAGE_CODE
        return initial

    def get_success_url(self):
        # Once the address is verified (which logs the buyer in), their page.
        return reverse("exhibitors:buyer_home")


buyer_signup = BuyerSignupView.as_view()


def _meetings_url():
    """The buyer's meetings, when the portal has that page."""
    try:
        return reverse("exhibitors:buyer_meetings")
    except NoReverseMatch:
        return ""


def _catalogue_url(pavilion):
    """A pavilion's catalogue, or its page while the portal has no catalogue page."""
    try:
        return reverse("exhibitors:catalogue", args=[pavilion.event.slug, pavilion.slug])
    except NoReverseMatch:
        return pavilion.get_absolute_url()


def badge_url(buyer) -> str:
    """The absolute address a buyer's badge QR code carries."""
    return absolute_url(reverse("exhibitors:buyer_badge_scan", args=[buyer.badge_token]))


@buyer_required(approved=False)
def buyer_home(request):
    """The buyer's page: their status, their profile (editable), and once approved their badge,
    the catalogues open to them and their meetings."""
    buyer = request.buyer
    form = BuyerProfileForm(request.POST or None, instance=buyer)
    if request.method == "POST" and form.is_valid():
        services.buyer_update(buyer=form.save(commit=False), user=request.user)
        messages.success(request, _("Your profile is saved."))
        return redirect("exhibitors:buyer_home")
    if form.is_bound:  # the page shows the saved profile beside what was typed
        buyer.refresh_from_db()
    context = {"buyer": buyer, "form": form}
    if buyer.is_approved:
        context.update(
            qr=qr_svg(badge_url(buyer), scale=5, title=_("Your badge")),
            catalogues=[
                (catalogue.pavilion, _catalogue_url(catalogue.pavilion))
                for catalogue in selectors.catalogues_open()
            ],
            meetings_url=_meetings_url(),
        )
    return render(request, "buyers/home.html", context)


@require_GET
@buyer_required
def buyer_badge(request):
    """The printable badge: the QR code large, the organisation, the name and the country."""
    buyer = request.buyer
    qr = qr_svg(badge_url(buyer), scale=10, title=_("Badge of %(name)s") % {"name": buyer})
    return render(request, "buyers/badge.html", {"buyer": buyer, "qr": qr})


@require_POST
@buyer_required
def buyer_badge_renew(request):
    services.buyer_badge_renew(buyer=request.buyer, user=request.user)
    messages.success(
        request, _("Your badge has a new QR code: print it again; the old one no longer works.")
    )
    return redirect("exhibitors:buyer_badge")


def _booth_url(exhibitor, buyer):
    """The exhibitor's booth page for this buyer, when the portal has that page."""
    try:
        return reverse("exhibitors:booth", args=[exhibitor.pk]) + f"?badge={buyer.badge_token}"
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def buyer_badge_scan(request, token):
    """What a badge's QR code opens: for a signed-in member of an exhibiting company, the
    buyer's organisation and country and the way to their booth page; for anyone else (and for
    an unknown, renewed, waiting or refused badge) nothing: 404."""
    exhibitors = list(selectors.exhibitors_of_member(request.user))
    if not exhibitors:
        raise Http404
    buyer = selectors.buyer_by_badge(token)
    if buyer is None:
        raise Http404
    places = [(exhibitor, _booth_url(exhibitor, buyer)) for exhibitor in exhibitors]
    return render(request, "buyers/badge_scan.html", {"buyer": buyer, "places": places})
