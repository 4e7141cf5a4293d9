"""The accessibility statement is a public page: newcomers read it in Russian and Ukrainian too."""

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    ("language", "heading", "sentence"),
    [
        ("ru", "Заявление о доступности", "Известные ограничения"),
        ("uk", "Заява про доступність", "Відомі обмеження"),
    ],
)
def test_accessibility_statement_in_russian_and_ukrainian(client, db, language, heading, sentence):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/accessibility/").content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page and sentence in page
