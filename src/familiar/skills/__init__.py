"""Skills: bundles of tools the user installs, enables and disables."""

from familiar.skills.base import Skill, builtin_skills, default_tools
from familiar.skills.registry import InstalledSkill, SkillRegistry

__all__ = ["InstalledSkill", "Skill", "SkillRegistry", "builtin_skills", "default_tools"]
