"""Keeping a deployment's data whole: uploaded files that follow their rows, backups and restores."""
