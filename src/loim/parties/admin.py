"""Django admin for platform superusers: parties, memberships, agreements and positions."""

from django.contrib import admin

from .models import CoordinatorPosition, Membership, PartnershipAgreement, Party


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "register_access", "data_protection_contact", "starts_on", "ends_on"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(admin.ModelAdmin):
    list_display = ["party", "municipality", "reference", "signed_on", "term_start", "term_end"]
    list_filter = ["party"]


@admin.register(CoordinatorPosition)
class CoordinatorPositionAdmin(admin.ModelAdmin):
    list_display = ["party", "title", "holder_name", "starts_on", "ends_on"]
    list_filter = ["party"]
