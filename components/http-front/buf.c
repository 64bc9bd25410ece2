// A growable byte buffer and a JSON writer on it (see buf.h).
#include "buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_put(buf_t *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *data = realloc(b->data, cap);
        if (data == NULL) {
            abort();
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s) {
    buf_put(b, s, strlen(s));
}

void buf_printf(buf_t *b, const char *format, ...) {
    char small[128];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        abort();
    }
    va_start(args, format);
    vsnprintf(big, (size_t)n + 1, format, args);
    va_end(args);
    buf_put(b, big, (size_t)n);
    free(big);
}

// The length of the valid UTF-8 sequence at `s` (at most `n` bytes), or 0 if invalid.
static size_t utf8_len(const unsigned char *s, size_t n) {
    size_t len;
    uint32_t min;
    if (s[0] < 0x80) {
        return 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        len = 2, min = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        len = 3, min = 0x800;
    } else if ((s[0] & 0xf8) == 0xf0) {
        len = 4, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n) {
        return 0;
    }
    uint32_t c = s[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        return 0;
    }
    return len;
}

void buf_json_str(buf_t *b, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    buf_put(b, "\"", 1);
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            buf_put(b, "\\", 1);
            buf_put(b, (const char *)&u[i], 1);
            i++;
        } else if (c == '\n') {
            buf_puts(b, "\\n"), i++;
        } else if (c == '\r') {
            buf_puts(b, "\\r"), i++;
        } else if (c == '\t') {
            buf_puts(b, "\\t"), i++;
        } else if (c < 0x20 || c == 0x7f) {
            buf_printf(b, "\\u%04x", c), i++;
        } else {
            size_t len = utf8_len(&u[i], n - i);
            if (len == 0) {
                buf_puts(b, "\\ufffd");
                i++;
            } else {
                buf_put(b, (const char *)&u[i], len);
                i += len;
            }
        }
    }
    buf_put(b, "\"", 1);
}

void buf_json_float(buf_t *b, double f) {
    if (!isfinite(f)) {
        buf_puts(b, "null");
        return;
    }
    // The shortest form that reads back as the same double.
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, f);
        if (strtod(text, NULL) == f) {
            break;
        }
    }
    buf_puts(b, text);
    if (strpbrk(text, ".eEn") == NULL) {
        buf_puts(b, ".0");
    }
}

void buf_free(buf_t *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
