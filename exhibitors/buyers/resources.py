"""Staff's list of buyers, imported all or nothing like every import of the portal
(:class:`portal.spreadsheets.PortalModelResource`): a bad row is reported with its row number
and column, and a file with any bad row writes nothing.

The rows are keyed on the buyer's e-mail address (any letter case). A row whose address has
no buyer yet makes one: a user with that address (no password: the approval mail leads to the
page that sets one; the address counts as verified, since only its holder can set the
password), the buyer's profile, and the buyer approved through ``services.buyer_approve`` (its
mail, in the buyer's language, goes out once the import is committed). A row whose address is a
buyer already updates the profile and approves the buyer if still waiting or refused. An
address of a staff account or of a company's member is refused: a user is a buyer, a company's
member or staff, never two of them.
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import ModelInstanceLoader

from exhibitors.buyers import services
from exhibitors.buyers.models import Buyer, BuyerStatus
from exhibitors.companies.models import Membership
from exhibitors.outcomes.models import BuyerType
from exhibitors.outcomes.resources import CountryWidget
from portal.audit import audit, current_user
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    ChoiceWidget,
    PortalModelResource,
    cell_text,
)


class EmailWidget(widgets.CharWidget):
    """The buyer's e-mail address, the row's key: required, checked, its domain in lower
    case."""

    def clean(self, value, row=None, **kwargs):
        email = cell_text(value)
        if not email:
            raise ValueError(_("The e-mail address is required: it identifies the row."))
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValueError(
                _("“%(value)s” is not an e-mail address.") % {"value": email}
            ) from error
        return BaseUserManager.normalize_email(email)


class BuyerByEmailLoader(ModelInstanceLoader):
    """The file's existing buyers in one query, by their address in any letter case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_field = self.resource.fields["email"]
        emails = set()
        for row in self.dataset.dict if self.dataset.headers else []:
            try:
                emails.add(self.key_field.clean(row).lower())
            except (KeyError, ValueError, ValidationError):
                continue  # reported by its own row
        found = (
            Buyer.objects.select_related("user")
            .annotate(email_key=Lower("user__email"))
            .filter(email_key__in=emails)
            if emails
            else []
        )
        self.existing = {buyer.email_key: buyer for buyer in found}

    def get_instance(self, row):
        buyer = self.existing.get(self.key_field.clean(row).lower())
        if buyer is not None:
            buyer.email = buyer.user.email
        return buyer


class BuyerResource(PortalModelResource):
    """Buyers keyed on their e-mail address; see the module's description."""

    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    buyer_type = fields.Field(
        attribute="buyer_type",
        column_name="buyer_type",
        widget=ChoiceWidget(BuyerType, default=BuyerType.OTHER),
    )
    preferred_language = fields.Field(
        attribute="preferred_language",
        column_name="preferred_language",
        widget=widgets.CharWidget(),
    )
    interests = fields.Field(
        attribute="interests", column_name="interests", widget=widgets.CharWidget()
    )  # a TextField: the library's default widget would keep an empty cell as None
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    #: The export page's name of the column that is no field of the buyer (the user's).
    column_labels = {"email": gettext_lazy("e-mail")}

    class Meta(AllOrNothingResourceOptions):
        model = Buyer
        import_id_fields = ["email"]
        instance_loader_class = BuyerByEmailLoader
        fields = [
            "email",
            "organisation",
            "country",
            "buyer_type",
            "contact_name",
            "phone",
            "interests",
            "preferred_language",
            "status",
        ]
        export_order = fields

    def get_queryset(self):
        return Buyer.objects.select_related("user")

    def dehydrate_email(self, buyer):
        return buyer.user.email

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._importer = kwargs.get("user") or current_user()
        self._seen = {}
        emails = set()
        field = self.fields["email"]
        for row in dataset.dict:
            try:
                emails.add(field.clean(row).lower())
            except (KeyError, ValueError, ValidationError):
                continue
        users = (
            get_user_model()
            .objects.annotate(email_key=Lower("email"))
            .filter(email_key__in=emails)
            .select_related("buyer")
            if emails
            else []
        )
        self._users = {user.email_key: user for user in users}
        members = Membership.objects.filter(user__in=list(self._users.values())).values_list(
            "user_id", flat=True
        )
        self._members = set(members) if self._users else set()

    def init_instance(self, row=None):
        return Buyer(preferred_language="en")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "preferred_language":
            text = cell_text(row.get(field.column_name)).lower()
            if text:
                instance.preferred_language = text
            return None
        return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks of each column, and the address: once in the file, and not the
        address of a staff account or of a company's member."""
        errors = dict(import_validation_errors or {})
        email = getattr(instance, "email", "")
        if email and "email" not in errors:
            key = email.lower()
            row = getattr(self, "_row_number", None)
            if key in self._seen:
                errors["email"] = [
                    _(
                        "“%(value)s” is already on row %(row)s of this file: each value of this "
                        "column may appear only once."
                    )
                    % {"value": email, "row": self._seen[key]}
                ]
            else:
                self._seen[key] = None if row is None else row + 1
                user = self._users.get(key)
                if instance.pk is None and user is not None and self._has_a_role(user):
                    errors["email"] = [
                        _(
                            "This address belongs to a staff or company account: a buyer "
                            "needs an address of its own."
                        )
                    ]
        try:
            instance.full_clean(
                exclude=[*errors, "user", "email"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _has_a_role(self, user):
        return user.is_staff or user.is_superuser or user.pk in self._members

    def before_save_instance(self, instance, row, **kwargs):
        """A new buyer's user: the existing account with the address (no role yet), or a new
        one without a password."""
        if instance.pk is not None:
            return
        user = self._users.get(instance.email.lower())
        if user is None:
            user = get_user_model()(
                username=get_adapter().generate_unique_username([instance.email, "buyer"]),
                email=instance.email,
            )
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.get_or_create(
            user=user,
            email__iexact=instance.email,
            defaults={"email": instance.email, "verified": True, "primary": True},
        )
        instance.user = user  # a new buyer waits (the model's default); approved next, below

    def do_instance_save(self, instance, is_create):
        with audit(user=self._importer, reason="buyer import"):
            instance.save(force_insert=is_create)

    def after_save_instance(self, instance, row, **kwargs):
        """Approve the buyer (new, waiting or refused) through the service: audited, and
        mailed in their language once the import is committed."""
        if instance.status != BuyerStatus.APPROVED:
            services.buyer_approve(
                buyer=instance,
                user=self._importer,
                set_password=not instance.user.has_usable_password(),
            )
