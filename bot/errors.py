"""The one exception type the CLI turns into a single clear line and exit status 1."""


class CohortError(Exception):
    """A handled, user-facing error: the message is what the user needs to read.

    The message may hold several lines (one per problem, e.g. a programme file with
    three mistakes); each line says what is wrong and where.
    """
