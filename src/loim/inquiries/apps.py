from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class InquiriesConfig(AppConfig):
    name = "loim.inquiries"
    label = "inquiries"
    verbose_name = _("Counselling inquiries")
    nav_items = [NavItem("inquiries:index", _("Inquiries"), order=40)]
    home_panels = ["loim.inquiries.panels.inquiries_panel"]

    def ready(self):
        from django.db.models.signals import pre_delete

        from . import rollups
        from .models import InquiryImport, ReferralTarget, Topic

        # deletions that cascade to inquiries or their links in SQL keep the rollup exact
        pre_delete.connect(rollups.vocabulary_deleted, sender=Topic, dispatch_uid="inquiry_rollup_topic")
        pre_delete.connect(rollups.vocabulary_deleted, sender=ReferralTarget, dispatch_uid="inquiry_rollup_referral")
        pre_delete.connect(rollups.import_deleted, sender=InquiryImport, dispatch_uid="inquiry_rollup_import")
