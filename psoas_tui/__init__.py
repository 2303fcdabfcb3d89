"""psoas: a guided hip-flexor workout timer for the terminal."""

__version__ = "0.1.0"
