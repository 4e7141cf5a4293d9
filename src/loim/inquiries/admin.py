"""Django admin for platform superusers only; coordinators use the inquiries pages."""

from django.contrib import admin

from . import rollups
from .models import Inquiry, InquiryImport, ReferralTarget, ServiceGapNote, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_et", "name_en", "parent", "order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name_et", "name_en", "aliases"]


@admin.register(ReferralTarget)
class ReferralTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "name_et", "name_en", "order", "active"]
    search_fields = ["code", "name_et", "name_en", "aliases"]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["date", "party", "channel", "language", "category"]
    list_filter = ["party", "channel", "language"]
    date_hierarchy = "date"
    raw_id_fields = ["municipality", "activity", "batch", "created_by"]

    # The statistics read the exact rollup (inquiries.rollups): a change here keeps it exact too. The
    # admin saves the record, then its topics and referrals, in one transaction.
    def save_model(self, request, obj, form, change):
        request._inquiry_rollup_before = rollups.contributions(Inquiry.objects.filter(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after = rollups.contributions(Inquiry.objects.filter(pk=form.instance.pk))
        before = getattr(request, "_inquiry_rollup_before", None)
        if before:
            after.subtract(before)
        rollups.apply(after)

    # deleting (one or a selection) goes through Inquiry.delete / the queryset's delete, which uncount


@admin.register(InquiryImport)
class InquiryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "party", "row_count", "created_at"]


@admin.register(ServiceGapNote)
class ServiceGapNoteAdmin(admin.ModelAdmin):
    list_display = ["topic", "party", "period_start", "period_end", "inquiry_count"]
