"""Find the moments worth clipping in a stream recording and say why.

Every signal is computed on one shared half-second grid (`grid.HOP`) in its own module, so
each can be inspected, weighted by a profile and reported on its own; `api.find_highlights`
runs the cheap signals over the whole stream, then decodes video only around candidates.
"""
