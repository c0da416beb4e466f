"""Qt widgets: the main window, panels, dialogs. The only Qt-heavy layer."""
