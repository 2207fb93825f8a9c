"""The debrief after an interview: the conversation, its steps, and how it looks."""
