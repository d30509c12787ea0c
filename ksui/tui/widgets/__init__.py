"""The app's own widgets: the virtualised drift table, its detail, the top bar, small tables."""
