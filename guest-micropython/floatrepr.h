// The repr of a float as CPython writes it (floatrepr.c).

#ifndef MPSANDBOX_FLOATREPR_H
#define MPSANDBOX_FLOATREPR_H

#include <stdbool.h>
#include <stddef.h>

// Writes the shortest round-tripping repr of x into buf (size bytes, NUL-terminated).
void mpsandbox_float_repr(double x, char *buf, size_t size);

// The correctly rounded value of the decimal text [start, end) (digits, '.', exponent,
// '_' separators), or fallback if the text is longer than 500 characters.
double mpsandbox_float_parse(const char *start, const char *end, double fallback);

// Formats x as printf's %.{prec}{fmt} (fmt one of eEfFgG; prec < 0 means 6) with the sign
// flag '+' or ' ' (or none for another char), commas between groups of three digits of the
// integer part if asked: the text into buf (size bytes), its length returned.
int mpsandbox_float_format(double x, char *buf, size_t size, char fmt, int prec, char sign, bool commas);

#endif
