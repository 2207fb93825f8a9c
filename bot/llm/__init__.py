"""Drafts written by a language model, when the operator configured one (LLM_BASE_URL)."""
