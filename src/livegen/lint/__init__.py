"""Advertising-compliance checks for sales scripts, titles and stream transcripts.

Rules are data (YAML under `livegen/lint/rules/`), compiled once into a single combined
matcher per language and category; context filters (exceptions, negation, inline allow
comments, proof in the product spec) then cut the false positives. See `livegen.lint.api`.
"""
