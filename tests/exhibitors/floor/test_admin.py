"""The booths in the admin: the form that places a booth and its holder (every refusal on its
field, nothing typed lost), the actions (offer, release, generate, allocate), who may do
what, and the list's query count."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from tests.exhibitors.floor import booth, district, exhibitor, floor, row, theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exhibitors_booth_changelist")
ADD = reverse("admin:exhibitors_booth_add")


def change_url(booth_):
    return reverse("admin:exhibitors_booth_change", args=[booth_.pk])


def staff_in(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def floor_client(client):
    client.force_login(staff_in(roles.FLOOR_MANAGER))
    return client


def form_data(pavilion=None, *, holder=None, seen_holder=None, **fields):
    """What the booth form posts: the fields, and the holder the page showed."""
    data = {"code": "A1", "kind": BoothKind.COMPANY, "x": "0", "y": "0", "width": "3", "depth": "3"}
    if pavilion is not None:
        data["pavilion"] = pavilion.pk
    data.update({name: str(value) for name, value in fields.items()})
    data["holder"] = holder.pk if holder else ""
    data["initial-holder"] = seen_holder.pk if seen_holder else ""
    return data


def errors_of(response):
    form = response.context["adminform"].form
    return {name: list(messages) for name, messages in form.errors.items()}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# The form -------------------------------------------------------------------------------------


def test_a_floor_manager_places_a_booth_with_its_holder(floor_client):
    pavilion = floor()
    company = exhibitor(pavilion)
    response = floor_client.post(ADD, form_data(pavilion, holder=company, code="A1"))
    assert response.status_code == 302, errors_of(response)
    placed = Booth.objects.get()
    assert (placed.code, placed.holder, placed.placed_by_hand) == ("A1", company, True)


def test_an_overlapping_booth_is_refused_on_its_field_and_nothing_typed_is_lost(floor_client):
    pavilion = floor()
    booth(pavilion, "A1", 0, 0)
    response = floor_client.post(ADD, form_data(pavilion, code="A2", x="2.5", y="1"))
    assert response.status_code == 200
    assert errors_of(response) == {"y": ["Booth A2 overlaps booth A1."]}
    form = response.context["adminform"].form
    assert (form["code"].value(), form["x"].value(), form["y"].value()) == ("A2", "2.5", "1")
    assert Booth.objects.count() == 1


def test_a_booth_outside_the_floor_or_without_size_is_refused_on_its_field(floor_client):
    pavilion = floor()
    response = floor_client.post(ADD, form_data(pavilion, code="Z1", x="22"))
    assert errors_of(response) == {"x": ["Booth Z1 must lie inside the 23 m × 12 m floor."]}
    response = floor_client.post(ADD, form_data(pavilion, code="Z1", width="0"))
    assert errors_of(response) == {"width": ["Booth Z1 needs a positive width and depth."]}
    assert not Booth.objects.exists()


def test_a_booth_over_the_floor_area_is_refused(floor_client):
    pavilion = floor(floor_area_m2="10.00")
    booth(pavilion, "A1", 0, 0)
    response = floor_client.post(ADD, form_data(pavilion, code="A2", x="3"))
    assert errors_of(response)["depth"] == [
        "With booth A2 the booths would cover 18 m², more than the floor's 10 m²."
    ]


def test_the_holder_must_fit_the_booth(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion, name_en="Nuri Mobility")
    booths.booth_allocate(booth=a1, exhibitor=company)
    gangnam = district(pavilion)
    response = floor_client.post(ADD, form_data(pavilion, code="A2", x="3", holder=gangnam))
    assert errors_of(response) == {
        "holder": ["Booth A2 is a company booth; Gangnam-gu, Seoul cannot stand in it."]
    }
    response = floor_client.post(ADD, form_data(pavilion, code="A2", x="3", holder=company))
    assert errors_of(response) == {
        "holder": [
            "Booth A2: Nuri Mobility already has a company booth; one company booth per exhibitor."
        ]
    }
    assert Booth.objects.count() == 1


def test_the_holder_is_chosen_among_the_exhibitors_of_the_booths_pavilion(floor_client):
    pavilion, other = floor(), floor()
    a1 = booth(pavilion, "A1", 0, 0)
    ours = [exhibitor(pavilion), district(pavilion)]
    theirs = exhibitor(other)
    field = floor_client.get(change_url(a1)).context["adminform"].form.fields["holder"]
    assert set(field.queryset) == set(ours)
    response = floor_client.post(change_url(a1), form_data(holder=theirs))
    assert "holder" in errors_of(response)  # not one of the choices
    assert Booth.objects.get().holder is None


def test_a_booth_is_moved_and_its_holder_changed_by_hand(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    first, second = exhibitor(pavilion), exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=first, by_hand=False)
    response = floor_client.post(change_url(a1), form_data(x="4", holder=second, seen_holder=first))
    assert response.status_code == 302, errors_of(response)
    a1.refresh_from_db()
    assert (a1.x, a1.holder, a1.placed_by_hand) == (4, second, True)
    response = floor_client.post(change_url(a1), form_data(x="4", seen_holder=second))
    assert response.status_code == 302
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand) == (None, False)


def test_a_holder_set_by_someone_else_meanwhile_is_not_overwritten(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    mine, theirs = exhibitor(pavilion), exhibitor(pavilion, name_en="Nuri Mobility")
    # The page showed a free booth; another member of staff allocates it before the save.
    booths.booth_allocate(booth=a1, exhibitor=theirs)
    response = floor_client.post(change_url(a1), form_data(holder=mine))
    assert errors_of(response) == {
        "holder": ["Booth A1 was allocated to Nuri Mobility meanwhile; check the holder again."]
    }
    # Moving the booth without touching the holder keeps whoever stands in it now.
    response = floor_client.post(change_url(a1), form_data(x="1"))
    assert response.status_code == 302
    a1.refresh_from_db()
    assert (a1.x, a1.holder) == (1, theirs)


def test_a_booth_with_a_holder_cannot_become_a_stage(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    data = form_data(kind=BoothKind.STAGE, holder=company, seen_holder=company)
    response = floor_client.post(change_url(a1), data)
    assert errors_of(response) == {"holder": ["Booth A1 is a stage: it holds no exhibitor."]}
    assert Booth.objects.get().kind == BoothKind.COMPANY


def test_an_offered_booth_is_not_given_to_another_in_the_form(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    offered, other = exhibitor(pavilion, name_en="Nuri Mobility"), exhibitor(pavilion)
    booths.booth_offer(
        booth=a1, exhibitor=offered, expires_at=timezone.now() + datetime.timedelta(days=2)
    )
    response = floor_client.post(change_url(a1), form_data(holder=other))
    (message,) = errors_of(response)["holder"]
    assert message.startswith("Booth A1 is offered to Nuri Mobility until ")
    response = floor_client.post(change_url(a1), form_data(holder=offered))
    assert response.status_code == 302
    a1.refresh_from_db()
    assert (a1.holder, a1.held_for) == (offered, None)


# Actions ---------------------------------------------------------------------------------------


def act(client, action, selected, **data):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [b.pk for b in selected], **data}
    )


def test_offer_a_booth_through_its_page(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion, name_en="Nuri Mobility")
    district(pavilion)  # not offered a company booth
    page = act(floor_client, "offer", [a1])
    assert page.status_code == 200
    assert set(page.context["form"].fields["exhibitor"].queryset) == {company}
    expires = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    response = act(
        floor_client,
        "offer",
        [a1],
        apply="1",
        exhibitor=company.pk,
        expires_at=expires.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    a1.refresh_from_db()
    assert (a1.held_for, a1.hold_expires_at) == (company, expires)
    assert messages_of(response)[0].startswith("Booth A1 is offered to Nuri Mobility until ")


def test_an_offer_in_the_past_is_refused_on_the_page(floor_client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    response = act(
        floor_client, "offer", [a1], apply="1", exhibitor=company.pk, expires_at="2020-01-01T10:00"
    )
    assert response.status_code == 200
    assert "An offer must expire in the future." in response.content.decode()
    assert Booth.objects.get().held_for is None


def test_an_offer_is_for_one_booth(floor_client):
    pavilion = floor()
    response = act(floor_client, "offer", row(pavilion, "A", 0, 2))
    assert response.status_code == 302
    assert messages_of(response) == ["Select one booth to offer: an offer is for one booth."]


def test_release_the_selected_booths(floor_client):
    pavilion = floor()
    a1, a2, a3 = row(pavilion, "A", 0, 3)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion))
    booths.booth_offer(
        booth=a2,
        exhibitor=exhibitor(pavilion),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = act(floor_client, "release", [a1, a2, a3])
    assert messages_of(response) == ["2 booths released: they are free."]
    assert not Booth.objects.filter(holder__isnull=False).exists()
    assert not Booth.objects.filter(held_for__isnull=False).exists()


def test_generate_booths_on_the_free_floor_of_the_selected_booths_pavilion(floor_client):
    pavilion = floor()
    stage = booth(pavilion, "ST", 12, 8, 6, 4, kind=BoothKind.STAGE)
    page = act(floor_client, "generate_layout", [stage])
    assert page.status_code == 200
    assert "23 m × 12 m, 276 m²" in page.content.decode()
    response = act(floor_client, "generate_layout", [stage], apply="1", aisle="2")
    assert response.status_code == 302
    assert Booth.objects.filter(kind=BoothKind.COMPANY).count() == 19
    assert messages_of(response) == [f"{pavilion}: 19 booths added."]
    response = act(floor_client, "generate_layout", [stage], apply="1", aisle="0")
    assert response.status_code == 200  # the page again, with the error
    assert "aisle" in response.context["form"].errors


def test_allocate_automatically_shows_the_plan_then_allocates(floor_client):
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    mobility = theme(pavilion, "Mobility")
    placed = [exhibitor(pavilion, theme=mobility, name_en=f"Placed {n}") for n in range(2)]
    district(pavilion)
    page = act(floor_client, "allocate_automatically", [a1])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Placed 0" in text and "Placed 1" in text and "Mobility" in text
    assert "No free district booth is left." in text
    assert not Booth.objects.filter(holder__isnull=False).exists()  # only a plan so far
    digest = page.context["digest"]
    response = act(floor_client, "allocate_automatically", [a1], apply="1", digest=digest)
    assert response.status_code == 302
    assert {b.holder for b in Booth.objects.all()} == set(placed)
    assert messages_of(response) == [f"{pavilion}: 2 placed, 1 not placed."]


def test_allocate_automatically_shows_the_plan_again_when_the_floor_changed(floor_client):
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    exhibitor(pavilion)
    digest = act(floor_client, "allocate_automatically", [a1]).context["digest"]
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion))  # meanwhile, by hand
    response = act(floor_client, "allocate_automatically", [a1], apply="1", digest=digest)
    assert response.status_code == 200
    assert "The floor changed since the plan was shown" in response.content.decode()
    assert Booth.objects.filter(holder__isnull=False).count() == 1


# Who may do what -------------------------------------------------------------------------------


def test_a_floor_manager_lays_out_and_allocates(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    client.force_login(staff_in(roles.FLOOR_MANAGER))
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    actions = {name for name, _label in page.context["action_form"].fields["action"].choices}
    assert {"offer", "release", "generate_layout", "allocate_automatically"} <= actions
    assert client.get(ADD).status_code == 200
    assert client.get(change_url(a1)).status_code == 200
    assert client.get(reverse("admin:exhibitors_booth_import")).status_code == 200
    assert client.get(reverse("admin:exhibitors_booth_export")).status_code == 200


def test_a_programme_manager_sees_the_booths_and_changes_nothing(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    client.force_login(staff_in(roles.PROGRAMME_MANAGER))
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action is theirs
    assert client.get(ADD).status_code == 403
    assert client.get(reverse("admin:exhibitors_booth_import")).status_code == 403
    response = client.post(change_url(a1), form_data(x="5"))
    assert response.status_code == 403
    response = act(client, "release", [a1])
    assert Booth.objects.get().x == 0


def test_a_reviewer_cannot_open_the_booths(client):
    booth(floor(), "A1", 0, 0)
    client.force_login(staff_in(roles.REVIEWER))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403


def test_a_reviewer_cannot_run_the_actions(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    exhibitor(pavilion)
    client.force_login(staff_in(roles.REVIEWER))
    response = act(client, "allocate_automatically", [a1], apply="1", digest="x")
    assert response.status_code == 403
    assert not Booth.objects.filter(holder__isnull=False).exists()


# The list --------------------------------------------------------------------------------------


def test_the_list_filters_free_offered_and_allocated_booths(staff_client):
    pavilion = floor()
    a1, a2, _a3 = row(pavilion, "A", 0, 3)
    booth(pavilion, "ST", 0, 8, 6, 4, kind=BoothKind.STAGE)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion))
    booths.booth_offer(
        booth=a2,
        exhibitor=exhibitor(pavilion),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )

    def codes(query):
        page = staff_client.get(CHANGELIST + query, HTTP_ACCEPT_LANGUAGE="en")
        return {b.code for b in page.context["cl"].result_list}

    assert codes("?occupancy=free") == {"A3"}
    assert codes("?occupancy=offered") == {"A2"}
    assert codes("?occupancy=allocated") == codes("?occupancy=by_hand") == {"A1"}
    assert codes(f"?pavilion__event__id__exact={pavilion.event_id}&kind__exact=stage") == {"ST"}


def test_the_list_finds_a_booth_by_its_holders_name(staff_client):
    pavilion = floor()
    a1, _a2 = row(pavilion, "A", 0, 2)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion, name_en="Nuri Mobility"))
    page = staff_client.get(CHANGELIST + "?q=nuri", HTTP_ACCEPT_LANGUAGE="en")
    assert [b.code for b in page.context["cl"].result_list] == ["A1"]
    text = page.content.decode()
    assert "Nuri Mobility" in text
    assert re.search(r'class="field-area_display">9<', text)


def _allocated_floor():
    """A pavilion with a stage, an offered booth, and allocated company and district
    booths."""
    pavilion = floor()
    booth(pavilion, "ST", 12, 8, 6, 4, kind=BoothKind.STAGE)
    a1, a2, a3 = row(pavilion, "A", 0, 3)
    d1 = booth(pavilion, "D1", 0, 8, kind=BoothKind.DISTRICT)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion))
    booths.booth_allocate(booth=d1, exhibitor=district(pavilion))
    booths.booth_offer(
        booth=a2,
        exhibitor=exhibitor(pavilion),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )


# (the session and the user from the cache) the count, the rows with their pavilions, events, holders and offers, the
# events of the filter
CHANGELIST_QUERIES = 4


def test_the_list_answers_in_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    _allocated_floor()
    staff_client.get(CHANGELIST)  # warm the content-type cache
    with django_assert_num_queries(CHANGELIST_QUERIES):
        small = staff_client.get(CHANGELIST)
    for _ in range(4):
        _allocated_floor()
    with django_assert_num_queries(CHANGELIST_QUERIES):
        large = staff_client.get(CHANGELIST)
    assert small.status_code == large.status_code == 200
    assert large.context["cl"].result_count == 5 * small.context["cl"].result_count


def test_a_floor_manager_generates_and_fills_an_empty_floor_from_the_pavilion_list(client):
    from django.contrib.auth.models import Group

    from exhibitors.floor.models import Booth
    from tests.factories import ExhibitorFactory, PavilionFactory, UserFactory

    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name="Floor manager"))
    client.force_login(manager)
    pavilion = PavilionFactory()
    ExhibitorFactory.create_batch(3, pavilion=pavilion)
    url = reverse("admin:events_pavilion_changelist")
    client.post(url, {"action": "generate_booths", "_selected_action": [pavilion.pk]})
    # 23 m × 12 m, 3 m booths, two rows back to back, a 2 m aisle, a third row: 3 × 7.
    assert Booth.objects.filter(pavilion=pavilion).count() == 21
    client.post(url, {"action": "allocate_booths", "_selected_action": [pavilion.pk]})
    assert Booth.objects.filter(pavilion=pavilion, holder__isnull=False).count() == 3


def test_the_pavilion_floor_actions_need_the_floor_permission(client):
    from django.contrib.auth.models import Group

    from exhibitors.floor.models import Booth
    from tests.factories import PavilionFactory, UserFactory

    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name="Programme manager"))
    client.force_login(manager)
    pavilion = PavilionFactory()
    url = reverse("admin:events_pavilion_changelist")
    client.post(url, {"action": "generate_booths", "_selected_action": [pavilion.pk]})
    assert Booth.objects.count() == 0  # the action is not offered to this role
    page = client.get(url).content.decode()
    assert "generate_booths" not in page


def test_the_exhibitor_admin_refuses_to_delete_an_exhibitor_that_holds_a_booth(client):
    """Staff release the booth first (recorded in its history); the booth protects its
    holder, so the admin's delete page names the booth and deletes nothing."""
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:exhibitors_exhibitor_delete", args=[company.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    a1.refresh_from_db()
    assert a1.holder_id == company.pk
    booths.booths_release_for_exhibitor(exhibitor=company, user=None, reason="Gone")
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not type(company).objects.filter(pk=company.pk).exists()
