"""Django admin for platform superusers only; people use the events pages."""

from django.contrib import admin

from .models import (
    CalendarFeed,
    Event,
    EventAttachment,
    EventOrganisation,
    EventSeries,
    ParticipantCount,
    Participation,
)


class CountInline(admin.TabularInline):
    model = ParticipantCount
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields: list[str] = []


class OrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = EventAttachment
    extra = 0
    fields = ["original_name", "kind", "content_type", "size", "personal_data", "uploaded_at"]
    readonly_fields = fields


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "party", "start", "municipality", "is_public"]
    list_filter = ["kind", "party", "format", "reach", "is_public"]
    search_fields = ["title", "import_id"]
    date_hierarchy = "start"
    raw_id_fields = ["activity", "series"]
    inlines = [CountInline, ParticipationInline, OrganisationInline, AttachmentInline]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "party", "frequency", "starts_on", "ends_on"]
    list_filter = ["party", "frequency"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["party", "created_at"]
    exclude = ["token"]
