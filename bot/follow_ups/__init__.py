"""Follow-ups: when they are due, how they look in Telegram, their buttons, and sending them."""
