from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class InquiriesConfig(AppConfig):
    name = "loim.inquiries"
    label = "inquiries"
    verbose_name = _("Counselling inquiries")
    nav_items = [NavItem("inquiries:index", _("Inquiries"), order=40)]
    home_panels = ["loim.inquiries.panels.inquiries_panel"]
