"""Skills: bundles of tools the user enables (the applications of DESIGN.md)."""

from familiar.skills.base import Skill, builtin_skills

__all__ = ["Skill", "builtin_skills"]
