"""Access control: effects and policy, information-flow labels."""
