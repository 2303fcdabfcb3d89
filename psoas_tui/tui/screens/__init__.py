"""The app's screens; each is imported when first shown."""
