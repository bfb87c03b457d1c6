"""discourse: what a comment section thinks."""
__version__ = "0.1.0"
