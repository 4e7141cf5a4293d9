"""Public portal models: the answers to "Is this page helpful?".

An answer keeps no personal data: no address, no account, no cookie — the page, its language, yes or
no and an optional comment (a visitor may still type a name or an e-mail in it; the form says not
to). It belongs to the party whose page it was (a municipality's pages to that municipality, the
others to ELVL) and only that party's members read it (`Scope.PARTY_ONLY`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import Scope

MAX_COMMENT = 1000


class PageFeedback(OwnedModel):
    path = models.CharField(_("page"), max_length=300)
    language = models.CharField(_("language"), max_length=2)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT, blank=True)

    tenancy_scope = Scope.PARTY_ONLY

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.path} ({'+' if self.helpful else '-'})"


audit(PageFeedback)
