from django.core.management.base import BaseCommand, CommandError

from loim.core.demo import require_demo_mode


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo administrators (demo mode only)."

    def handle(self, *args, **options):
        from django.core.exceptions import ImproperlyConfigured

        try:
            require_demo_mode()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        import time

        from allauth.mfa import app_settings
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        from ...demo import DEMO_TOTP_SECRET

        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // app_settings.TOTP_PERIOD)))
