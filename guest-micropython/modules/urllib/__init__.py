# urllib: only urllib.parse (no network access from here; see requests).
