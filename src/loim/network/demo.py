"""Demo data of the network app (`loim seed_demo`): the directory's part and the networks' part, each
from its own data file (`data/demo.yaml`, `data/demo_networks.yaml`)."""

from . import demo_networks


def seed(*, out) -> None:
    demo_networks.seed(out=out)
