from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exhibitors.applications.views import _own_application
from exhibitors.companies.models import Exhibitor
from exhibitors.companies.views import company_required
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth


@require_POST
@company_required
def booth_offer_accept(request, pk, booth_pk):
    """The exhibitor takes the booth staff offered it, while the offer lasts."""
    application = _own_application(request, pk)
    exhibitor = get_object_or_404(
        Exhibitor, pavilion_id=application.pavilion_id, company=request.company
    )
    booth = get_object_or_404(Booth, pk=booth_pk, pavilion_id=application.pavilion_id)
    try:
        booths.booth_offer_accept(booth=booth, exhibitor=exhibitor)
    except booths.BoothRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Booth %(code)s is yours. See you at the pavilion!") % {"code": booth.code}
        )
    return redirect("exhibitors:application", pk)
