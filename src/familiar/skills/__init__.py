"""Skills: bundles of tools the user installs, enables and disables."""

from familiar.skills.base import Skill, builtin_skills
from familiar.skills.registry import InstalledSkill, SkillRegistry

__all__ = ["InstalledSkill", "Skill", "SkillRegistry", "builtin_skills"]
