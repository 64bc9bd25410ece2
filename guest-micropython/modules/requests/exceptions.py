# requests.exceptions for the mpsandbox: the classes of the well-known package that code
# catches, plus RequestDenied (the host's allow-list refused the request) and
# ContentTooLarge (the response passed the host's size cap).
#
# MicroPython allows one native base per class, so where requests has two this keeps the
# one code catches most: ConnectTimeout is a Timeout (not a ConnectionError), InvalidURL
# and InvalidHeader are RequestExceptions (not ValueErrors), and JSONDecodeError is a
# ValueError (not a RequestException).


class RequestException(OSError):
    """Something went wrong with a request (the base of every error here)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.response = kwargs.get("response")
        self.request = kwargs.get("request")


class ConnectionError(RequestException):
    """The request did not get a response: refused, unresolvable, reset..."""


class RequestDenied(ConnectionError):
    """The sandbox does not allow this host; nothing was sent."""


class HTTPError(RequestException):
    """An HTTP error status (raise_for_status)."""


class Timeout(RequestException):
    """The request timed out."""


class ConnectTimeout(Timeout):
    """Connecting timed out."""


class ReadTimeout(Timeout):
    """The server did not answer in time."""


class TooManyRedirects(RequestException):
    """Too many redirects."""


class ContentTooLarge(RequestException):
    """The response body passed the sandbox's size cap."""


class InvalidURL(RequestException):
    """The URL is not valid."""


class MissingSchema(InvalidURL):
    """The URL has no scheme (http:// or https://)."""


class InvalidSchema(InvalidURL):
    """The URL's scheme is not http or https."""


class InvalidHeader(RequestException):
    """A header name or value is not valid."""


class JSONDecodeError(ValueError):
    """The response body is not JSON."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.response = kwargs.get("response")
