"""`{{ value|participants }}`: a participant count as shown, "not counted" for None (events.attendance)."""

from django import template

from loim.events.attendance import count_label

register = template.Library()


@register.filter
def participants(value):
    return count_label(value)
