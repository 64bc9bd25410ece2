// The repr of a float as CPython writes it (floatrepr.c).

#ifndef MPSANDBOX_FLOATREPR_H
#define MPSANDBOX_FLOATREPR_H

#include <stdbool.h>
#include <stddef.h>

// Writes the shortest round-tripping repr of x into buf (size bytes, NUL-terminated).
void mpsandbox_float_repr(double x, char *buf, size_t size);

#endif
