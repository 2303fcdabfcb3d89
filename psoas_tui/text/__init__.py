"""The text layer: the one place where psoas puts the domain into words.

Every front end (the plain runner, the TUI's screens, ``show``/``list``/``log``/``stats``,
speech) asks these modules for the words a person reads or hears about a routine, a plan,
an interval, a session or a duration. Nothing here imports Textual, Rich, ``tui``, ``cues``
or ``history``, and nothing does I/O (``tests/test_layers.py`` checks it). The words are
marked for translation with :func:`psoas_tui.text.i18n._` and friends.
"""
