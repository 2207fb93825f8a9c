"""Interview Follow-Up Bot: the Telegram edge and the pure domain code."""
