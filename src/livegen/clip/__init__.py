"""`livegen clip`: platform-sized short clips with burned-in captions from a recording."""
