"""The reader's screens: the reader itself and its modals (picker, help, export)."""
