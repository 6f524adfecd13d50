"""Speech to a word-timed transcript: engines, model weights, windowed audio, caching.

Other stages ask for a transcript through `livegen.transcribe.api.transcribe_cached`, so
the same recording is never transcribed twice.
"""
