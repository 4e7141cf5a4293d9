"""API of the services app: the catalogue (`api_catalogue`). Each part registers its own endpoints."""

from . import api_catalogue


def register(router) -> None:
    api_catalogue.register(router)
