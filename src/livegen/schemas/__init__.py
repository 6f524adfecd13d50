"""Versioned artifacts that stages pass to each other as JSON files.

Each artifact carries `schema_version`; an unknown version is rejected by name in
`livegen.artifacts.load_artifact`. Every artifact can be edited by hand and fed back in.
"""
