"""The reader's widgets. They post messages (``tui.app.messages``); the screens wire them."""
