"""Telegram, through python-telegram-bot: the staff group relay for peer supporters."""
