from django.contrib import admin

from .models import Channel, Output, TranslationJob


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "party", "kind", "active")
    list_filter = ("party", "kind")


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "party", "kind", "channel")
    list_filter = ("party", "kind")
    raw_id_fields = ("activity", "channel")


@admin.register(TranslationJob)
class TranslationJobAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "party", "source_language", "target_language", "status")
    list_filter = ("party", "status")
    raw_id_fields = ("activity", "service", "document", "agency")
