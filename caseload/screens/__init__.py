"""The app's screens. Each composes widgets and calls services through the app's context,
in worker threads; none runs SQL or decides a rule itself."""
