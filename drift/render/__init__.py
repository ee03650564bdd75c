"""Renderers: every output format renders the same Report object."""
