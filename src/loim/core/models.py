"""Base models: the user account, and the abstract owned record every party-owned model inherits."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import OwnedQuerySet, Scope


def validate_personal_code(value: str) -> None:
    """An Estonian personal identification code (isikukood) with a valid check digit."""
    from stdnum.ee import ik
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        ik.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid Estonian personal identification code.")) from exc


class UserManager(BaseUserManager["User"]):
    """Accounts are keyed on e-mail; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. What they may see comes from their party memberships (core.tenancy)."""

    # Removing AbstractUser's fields this way is Django's documented idiom; the stubs cannot express it.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    personal_code = models.CharField(
        _("personal identification code"),
        max_length=11,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_personal_code],
        help_text=_("Only needed to sign in through the state authentication service (TARA)."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # e-mail, not username

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OwnedModel(models.Model):
    """A record owned by one party. `objects.visible_to(user)` / `editable_by(user)` scope it.

    Subclasses set `tenancy_scope` (Scope.OWNED by default) and may point `tenancy_party_path` at the
    owning party through a relation (e.g. "event__party") when they do not hold `party` themselves.
    """

    party = models.ForeignKey(
        settings.LOIM_PARTY_MODEL, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    tenancy_scope = Scope.OWNED
    tenancy_party_path = "party"

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        """Stored with every audit entry so the audit log can be scoped to the party (core.audit)."""
        return {"party_id": self.party_id}


class ImportRecord(OwnedModel):
    """One imported file (events, inquiries, register people…): who brought it in and under what
    name, so an import is on the audit record as a whole and can be undone as a whole. Each import
    adds the counts it reports and the links to the records it wrote; the file itself is not kept."""

    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(OwnedModel.Meta):
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class DataGeneration(models.Model):
    """A table's write counter, bumped by a database trigger on every write (core.generations)."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_datageneration"

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class WorkerHeartbeat(models.Model):
    """The task worker is alive: each `loim db_worker` process writes its row every few seconds
    (core.health.Heartbeat) and removes it when it stops; the health endpoint reads the newest.
    No personal data: a random worker id, the host name and the process id."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_workerheartbeat"

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid}) {self.seen_at:%Y-%m-%d %H:%M:%S}"
