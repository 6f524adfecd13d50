"""livegen: scripts before a live-commerce stream, platform-ready clips after it.

Nothing heavy is imported here: `livegen --help` must stay fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
