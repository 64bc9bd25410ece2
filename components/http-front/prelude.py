# Runs in each request's fresh interpreter before the request's own code (the HTTP front,
# front.c, executes it). It captures print() output for the response, and reads the request.
#
# The request's code runs in the same globals, so it can see and replace these names: that
# only changes its own response (every request has its own interpreter).

import json as _mps_json

# Characters kept per stream (stdout, stderr); the rest is dropped and flagged.
_MPS_MAX_OUTPUT = 1 << 20
# The time budget of each snippet, in milliseconds: the default and the largest allowed.
_MPS_DEFAULT_TIMEOUT_MS = 2000
_MPS_MAX_TIMEOUT_MS = 10000
_MPS_FIELDS = ("code", "snippets", "seed", "timeout_ms")


class _MpsStream:
    def __init__(self):
        self.parts = []
        self.size = 0
        self.truncated = False

    def write(self, text):
        text = str(text)
        room = _MPS_MAX_OUTPUT - self.size
        if len(text) > room:
            text = text[:room]
            self.truncated = True
        if text:
            self.parts.append(text)
            self.size += len(text)
        return len(text)

    def take(self):
        text, truncated = "".join(self.parts), self.truncated
        self.parts, self.size, self.truncated = [], 0, False
        return text, truncated


_mps_stdout = _MpsStream()
_mps_stderr = _MpsStream()


def print(*args, sep=" ", end="\n", file=None, flush=False):
    import sys

    if file is None or file is sys.stdout:
        file = _mps_stdout
    elif file is sys.stderr:
        file = _mps_stderr
    sep = " " if sep is None else sep
    file.write(sep.join([str(a) for a in args]) + ("\n" if end is None else end))


def _mps_take_output():
    out, out_truncated = _mps_stdout.take()
    err, err_truncated = _mps_stderr.take()
    return (out, err, out_truncated, err_truncated)


def _mps_read_request(body):
    """The request body (bytes) as [snippets, timeout_ms]; ValueError says what is wrong."""
    try:
        text = body.decode("utf-8")
    except Exception:
        raise ValueError("the body is not UTF-8")
    try:
        request = _mps_json.loads(text)
    except Exception as e:
        raise ValueError("the body is not JSON: " + str(e))
    if type(request) is not dict:
        raise ValueError("the body must be a JSON object")
    for key in request:
        if key not in _MPS_FIELDS:
            raise ValueError("unknown field %r (fields: %s)" % (key, ", ".join(_MPS_FIELDS)))
    code = request.get("code")
    snippets = request.get("snippets")
    if (code is None) == (snippets is None):
        raise ValueError("give exactly one of 'code' (a string) and 'snippets' (a list of strings)")
    if code is not None:
        if type(code) is not str:
            raise ValueError("'code' must be a string")
        snippets = [code]
    if type(snippets) is not list or not snippets:
        raise ValueError("'snippets' must be a non-empty list of strings")
    for s in snippets:
        if type(s) is not str:
            raise ValueError("'snippets' must be a non-empty list of strings")
    timeout = request.get("timeout_ms", _MPS_DEFAULT_TIMEOUT_MS)
    if type(timeout) is not int or not 1 <= timeout <= _MPS_MAX_TIMEOUT_MS:
        raise ValueError("'timeout_ms' must be an integer from 1 to %d" % _MPS_MAX_TIMEOUT_MS)
    seed = request.get("seed")
    if seed is not None:
        if type(seed) is not int or not 0 <= seed < 1 << 64:
            raise ValueError("'seed' must be an integer from 0 to 2**64 - 1")
        import random

        random.seed(seed)
    return [snippets, timeout]
