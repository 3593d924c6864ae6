"""The error every reader raises for a file that cannot be ingested."""


class UnreadableFile(Exception):
    """A file that cannot be ingested; the message is for the user, in Vietnamese."""
