from django.contrib import admin

from mentoring.matching.models import PostcodeDistrict


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    """District centres, normally loaded with `manage.py load_postcode_districts`."""

    list_display = ("district", "latitude", "longitude", "source")
    search_fields = ("district",)
    list_filter = ("source",)
