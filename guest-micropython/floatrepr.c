// repr() and str() of a float as CPython writes them: the shortest decimal that reads
// back as the same double (at most 17 significant digits), in fixed notation when the
// exponent is from -4 to 15 and in exponent notation otherwise ("1e-05", "1e+16").
// Used by MicroPython's float printing through MICROPY_FLOAT_FORMAT_REPR (patches/0049).
// Reading floats (literals, float(), json) goes through the C library's strtod too
// (MICROPY_FLOAT_PARSE_DECIMAL, patches/0053): MicroPython's own conversion can be off in
// the last bit, and then a repr would not read back.
//
// The digits come from the C library's correctly rounded printf("%.*e") and are checked
// with its correctly rounded strtod: the first of 15, 16 and 17 significant digits that
// reads back exactly. Every double with a shortest form of up to 15 digits reads back
// from its 15-digit rounding, whose trailing zeros are then dropped.

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "floatrepr.h"

void mpsandbox_float_repr(double x, char *buf, size_t size) {
    if (isnan(x)) {
        snprintf(buf, size, "nan");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, x < 0 ? "-inf" : "inf");
        return;
    }
    char text[40];
    // subnormals have fewer significant bits, so a shorter form may read back exactly
    for (int digits = fabs(x) < DBL_MIN ? 1 : 15; digits <= 17; ++digits) {
        snprintf(text, sizeof(text), "%.*e", digits - 1, x);
        if (strtod(text, NULL) == x) {
            break;
        }
    }
    // text is [-]D.DDDDe[+-]XX: split it into sign, digits and exponent
    const char *p = text;
    bool negative = *p == '-';
    p += negative;
    char mantissa[20];
    size_t n = 0;
    for (; *p != 'e'; ++p) {
        if (*p != '.') {
            mantissa[n++] = *p;
        }
    }
    int exponent = atoi(p + 1);
    while (n > 1 && mantissa[n - 1] == '0') {
        n--;
    }
    char *out = buf;
    char *end = buf + size - 1;
#define PUT(c) do { if (out < end) { *out++ = (c); } } while (0)
    if (negative) {
        PUT('-');
    }
    if (exponent >= -4 && exponent < 16) {
        int point = exponent + 1; // digits before the decimal point
        if (point <= 0) {
            PUT('0');
            PUT('.');
            for (int i = point; i < 0; ++i) {
                PUT('0');
            }
            for (size_t i = 0; i < n; ++i) {
                PUT(mantissa[i]);
            }
        } else {
            for (int i = 0; i < point; ++i) {
                PUT((size_t)i < n ? mantissa[i] : '0');
            }
            PUT('.');
            if ((size_t)point >= n) {
                PUT('0');
            }
            for (size_t i = point; i < n; ++i) {
                PUT(mantissa[i]);
            }
        }
    } else {
        PUT(mantissa[0]);
        if (n > 1) {
            PUT('.');
            for (size_t i = 1; i < n; ++i) {
                PUT(mantissa[i]);
            }
        }
        PUT('e');
        PUT(exponent < 0 ? '-' : '+');
        int e = exponent < 0 ? -exponent : exponent;
        if (e >= 100) {
            PUT('0' + e / 100);
        }
        PUT('0' + e / 10 % 10);
        PUT('0' + e % 10);
    }
#undef PUT
    *out = '\0';
}

double mpsandbox_float_parse(const char *start, const char *end, double fallback) {
    // the digits, point and exponent of a decimal MicroPython has validated, without the
    // underscores that strtod does not take; a text too long for the buffer keeps the
    // fallback
    char text[512];
    size_t n = 0;
    for (const char *p = start; p < end; ++p) {
        if (*p == '_') {
            continue;
        }
        if (n + 1 >= sizeof(text)) {
            return fallback;
        }
        text[n++] = *p;
    }
    text[n] = '\0';
    char *stop;
    double value = strtod(text, &stop);
    return stop == text + n ? value : fallback;
}

int mpsandbox_float_format(double x, char *buf, size_t size, char fmt, int prec, char sign, bool commas) {
    if (prec < 0) {
        prec = 6;
    }
    if (isnan(x)) {
        // no sign of its own ("-nan" in C), as in CPython
        bool upper = fmt == 'E' || fmt == 'F' || fmt == 'G';
        return snprintf(buf, size, "%s%s", sign == '+' || sign == ' ' ? (sign == '+' ? "+" : " ") : "", upper ? "NAN" : "nan");
    }
    char spec[8] = "%";
    size_t n = 1;
    if (sign == '+' || sign == ' ') {
        spec[n++] = sign;
    }
    spec[n++] = '.';
    spec[n++] = '*';
    spec[n++] = fmt;
    spec[n] = '\0';
    int len = snprintf(buf, size, spec, prec, x);
    if (len < 0) {
        len = 0;
    } else if ((size_t)len >= size) {
        len = size - 1;
    }
    if (commas) {
        // a comma between each group of three digits of the integer part
        size_t start = (buf[0] < '0') ? 1 : 0;
        size_t digits = 0;
        while (start + digits < (size_t)len && buf[start + digits] >= '0' && buf[start + digits] <= '9') {
            digits++;
        }
        size_t extra = digits > 0 ? (digits - 1) / 3 : 0;
        if (extra > 0 && (size_t)len + extra < size) {
            memmove(buf + start + digits + extra, buf + start + digits, len - start - digits + 1);
            size_t from = start + digits, to = start + digits + extra;
            for (size_t i = 0; i < digits; ++i) {
                buf[--to] = buf[--from];
                if (i % 3 == 2 && to > from) {
                    buf[--to] = ',';
                }
            }
            len += extra;
        }
    }
    return len;
}
