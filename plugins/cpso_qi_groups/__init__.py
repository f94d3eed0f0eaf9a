"""CPSO QI Groups: invited members form QI groups, complete four individual activities, and
write one group Practice Improvement Plan that CPSO staff review (QIG-* in DOMAIN.md)."""

SLUG = "cpso_qi_groups"
QI_GROUP = f"{SLUG}.qi_group"
PIP_KIND = f"{SLUG}.group_pip"
ASSESSMENT = f"{SLUG}.assessment"
PIP_CREDIT = f"{SLUG}.pip"
LINKING_LEARNING = f"{SLUG}.linking_learning"
