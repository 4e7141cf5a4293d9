from django.contrib import admin

from .models import County, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "ehak_code", "region"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "ehak_code", "ehak_status", "valid_to"]
    list_filter = ["county", "kind"]
    search_fields = ["name", "ehak_code"]
