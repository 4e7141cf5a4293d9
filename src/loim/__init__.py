"""Lõim: the system in which Estonian local governments, their association and the ministry run the
integration programme."""
