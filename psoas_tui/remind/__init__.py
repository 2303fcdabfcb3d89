"""Desk-break reminders: a systemd user timer runs ``psoas remind fire``, which decides
whether to send one desktop notification (see docs/reminders.md)."""
