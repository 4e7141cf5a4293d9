"""Services models."""

# --- Journey-model rollout (issue 13, plan row 3.5.1.2): kept in its own module, imported here so
# Django finds the model; the service catalogue's models are defined in this module.
from .rollout_models import PHASE_ORDER, Phase, RolloutPhase

__all__ = ["PHASE_ORDER", "Phase", "RolloutPhase"]
