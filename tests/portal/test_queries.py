"""The municipality page with a cold cache reads each kind of content in one query (two with its
translations), however many services, events, journeys and documents it shows, so the cold page
cannot slide back to a query per item (it ran 14-16 before)."""

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from loim.events.translation import EventTextInput, event_translation_save
from loim.services.models import Area
from loim.services.services import TextInput, translation_save
from tests.events.helpers import make_event
from tests.portal.helpers import contact_point, content, journeys, tartu
from tests.portal.test_contact_points import tartu_point
from tests.services.helpers import make_service

# 1 the cache's data generation, 2 the public parties (the page's party among them, and every
# organiser's and place's name), 3 services, 4 their translations, 5 coming events, 6 their
# translations, 7 guidance documents, 8 journeys, 9 their translations
SHARED = 9
WITH_CONTACT_POINT = SHARED + 2  # the contact point and its translations
WITH_DIRECTORY = SHARED + 3  # no contact point (1), so the municipal department (2) and its coordinators (3)


def _more_of_everything(programme, things):
    party = programme["tartu"]
    soon = timezone.localdate() + dt.timedelta(days=3)
    for n in range(3):
        service = make_service(party, name=f"Lisateenus {n}", area=Area.MUNICIPALITIES, municipalities=[tartu()])
        translation_save(
            service=service,
            language="ru",
            text=TextInput(name=f"Доп. услуга {n}", summary="Описание."),
            made_from=service.source_version,
        )
        event = make_event(party, title=f"Klubi {n}", description="Kohtume.", is_public=True, day=soon)
        event_translation_save(
            event=event, language="ru", text=EventTextInput(title=f"Клуб {n}", description="Встречаемся."), made_from=1
        )
        make_event(programme["elvl"], title=f"ELVL infotund {n}", is_public=True, day=soon, municipality=tartu())
    journeys(party, things["service"], things["guide"])  # a second published journey (and a draft)


def _cold_page_queries(client, django_assert_num_queries, expected):
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get("/ru/municipalities/tartu/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_cold_municipality_page_reads_each_kind_once(client, programme, django_assert_num_queries):
    contact_point(programme["tartu"])  # the directory's department, shown while there is no contact point
    things = content(programme)
    _more_of_everything(programme, things)
    page = _cold_page_queries(client, django_assert_num_queries, WITH_DIRECTORY)
    assert page.count("Первые шаги в Тарту") == 2 and "Доп. услуга 2" in page and "Клуб 2" in page
    assert "ELVL infotund 2" in page and "Tartu uussisserändaja juhend" in page

    tartu_point(programme)  # now the contact point, with its Russian translation
    page = _cold_page_queries(client, django_assert_num_queries, WITH_CONTACT_POINT)
    assert "Пн–Чт 9.00–17.00" in page
