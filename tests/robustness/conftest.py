"""Hypothesis profiles for the robustness tests: "default" keeps the suite fast (100 cases a
test); HYPOTHESIS_PROFILE=deep runs 2,000 a test, by hand, to hunt for new failures."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
