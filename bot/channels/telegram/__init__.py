"""Telegram, through python-telegram-bot: people's private chats and the staff group relay,
served by one Application per process (service.py)."""
