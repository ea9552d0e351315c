"""Shipped target data (one JSON file per ion-in-host or atom).

This folder is installed as the package ``expdesign.targets`` so that shipped
targets resolve by bare name from a non-editable install.
"""
