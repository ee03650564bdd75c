"""drift: provenance and translation-drift checker for syndicated news."""

__version__ = "0.1.0"

__all__ = ["__version__"]
