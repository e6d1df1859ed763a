"""The one error a build stops with: it names the file (or table) and what is wrong."""


class BuildError(Exception):
    """A problem that stops the build: it names the file and what is wrong."""
