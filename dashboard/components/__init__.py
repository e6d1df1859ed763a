"""Shared pieces every page uses: the app shell, filters in the URL, tables, downloads,
empty states, colours and number formats. See each module's docstring for its API."""
