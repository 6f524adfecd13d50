"""Media helpers: locating ffmpeg, probing files, streaming decoded audio."""
