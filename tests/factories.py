"""factory-boy factories and small builders shared by the whole suite."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from loim.core.tenancy import Role
from loim.parties.models import Membership, Party

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="et_EE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Test Party {n}")
    short_name = factory.Sequence(lambda n: f"TP{n}")
    slug = factory.Sequence(lambda n: f"test-party-{n}")
    kind = "partner"


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_member(
    party: Party,
    role: str = Role.COORDINATOR,
    *,
    register_access: bool = False,
    data_protection_contact: bool = False,
    user=None,
    second_factor: bool | None = None,
):
    """A user with one membership. Administrators get a TOTP authenticator unless second_factor=False,
    since the site sends administrators without one to set it up first."""
    user = user or UserFactory()
    if second_factor is None:
        second_factor = role == Role.ADMIN
    if second_factor:
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, TOTP_SECRET)
    Membership.objects.create(
        user=user,
        party=party,
        role=role,
        register_access=register_access,
        data_protection_contact=data_protection_contact,
        starts_on=dt.date(2020, 1, 1),
    )
    if hasattr(user, "_loim_access"):
        del user._loim_access
    return user
