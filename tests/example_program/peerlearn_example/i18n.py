"""The example's sentences, translated from its own catalog (``locale/``, see core.i18n)."""

from core.i18n import Catalog

_ = Catalog.of(__package__ or __name__)
_n = _.plural
