"""Words, palette and number formatting shared by figures, tables and components.

Below every drawing layer: it imports nothing else from the dashboard.
"""
