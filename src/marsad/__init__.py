"""marsad: an Arabic-first news observatory."""

__version__ = "0.1.0"
