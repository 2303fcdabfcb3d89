"""Coaching that adapts (issue #17): fit a routine to a time budget, and give the tight
side a longer hold. Pure functions on the routine model: no I/O, no clock, no words."""
