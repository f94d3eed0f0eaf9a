"""peerlearn core: people, organizations, groups, activities, credits and the program host.

Programs are pluggy plugins; they write ``from core import hookimpl``.
"""

import pluggy

PROJECT_NAME = "peerlearn"
ENTRY_POINT_GROUP = "peerlearn.programs"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["ENTRY_POINT_GROUP", "PROJECT_NAME", "hookimpl"]
