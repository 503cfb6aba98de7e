"""Ways in other than the web widget: Telegram for people and for peer supporters."""
