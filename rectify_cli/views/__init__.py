"""What the terminal shows: tables and panels, and the `--json` view."""
