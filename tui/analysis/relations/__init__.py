"""Relations: typed rows between consolidated entities (ROLE, MEMBER_OF, INTERACTION, SAID)."""
