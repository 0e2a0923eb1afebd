"""The core's errors as exceptions. Each carries the error's stable name, as ``winnow extract`` prints it
and the worker's dead letters carry it (``"too_many_tokens"``, ``"not_text"``)."""


class WinnowError(Exception):
    """An extraction failed; ``name`` is the core's error name."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name

    def __reduce__(self):
        return (type(self), (str(self), self.name))


class LimitExceeded(WinnowError):
    """The page went past one of the ``Limits`` (size, tokens, attributes, nesting, blocks, time)."""


class NotText(WinnowError):
    """The input is binary data (NUL bytes, mostly control characters), not a page."""
