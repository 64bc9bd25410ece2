// A growable byte buffer and a JSON writer on it, for the HTTP front's responses.
#ifndef MPSANDBOX_FRONT_BUF_H
#define MPSANDBOX_FRONT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} buf_t;

// Appends `n` bytes (aborts the request, a trap, if memory runs out).
void buf_put(buf_t *b, const char *s, size_t n);
// Appends a NUL-terminated string.
void buf_puts(buf_t *b, const char *s);
// Appends printf-formatted text.
void buf_printf(buf_t *b, const char *format, ...) __attribute__((format(printf, 2, 3)));
// Appends `n` bytes of UTF-8 text as a JSON string (quotes included); invalid bytes become
// U+FFFD.
void buf_json_str(buf_t *b, const char *s, size_t n);
// Appends a double as a JSON number (`null` for NaN and infinities).
void buf_json_float(buf_t *b, double f);
// Frees the buffer's memory.
void buf_free(buf_t *b);

#endif
