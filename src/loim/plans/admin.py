"""Django admin for platform superusers only; people edit plans on the plan pages or by plan file."""

from django.contrib import admin

from .models import Activity, EventKind, Indicator, Obligation, Plan, Target


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_et", "name_en", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "status", "party"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan", "level", "responsible_text"]
    list_filter = ["plan", "section", "level"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "plan", "unit", "kind", "measurement"]
    list_filter = ["plan", "kind", "measurement"]
    inlines = [TargetInline]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "plan", "responsible", "period", "min_count", "is_open"]
    list_filter = ["plan", "period", "responsible"]
    raw_id_fields = ["activity"]
