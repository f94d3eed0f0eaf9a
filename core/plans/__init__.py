"""Goals and plans: SMART goals in plans a person owns or a group shares, reviewed by staff."""
