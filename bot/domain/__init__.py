"""Pure domain code: drafting, tone check, timing and parsing rules. No Telegram, no database."""
