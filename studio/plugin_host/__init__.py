"""Finds plugins, checks their manifests, and loads them with every call guarded."""
