// str (and bytes) methods that MicroPython 1.25 lacks, in its str/bytes locals table
// through MICROPY_PY_STR_EXTRA_METHODS (patches/0043), and the builtins format() and
// ascii(). Case and class tests are ASCII, as MicroPython's own lower() and upper() are.

#include <stdio.h>
#include <string.h>

#include "py/builtin.h"
#include "py/objstr.h"
#include "py/runtime.h"

#include "strmethods.h"

// The data of a str, bytes or bytearray (the table is shared with bytearray and
// array.array, whose other objects these functions cannot read).
static const byte *str_data(mp_obj_t self, size_t *len) {
    if (mp_obj_is_str_or_bytes(self)) {
        return (const byte *)mp_obj_str_get_data(self, len);
    }
    if (mp_obj_is_type(self, &mp_type_bytearray)) {
        mp_buffer_info_t buf;
        mp_get_buffer_raise(self, &buf, MP_BUFFER_READ);
        *len = buf.len;
        return buf.buf;
    }
    mp_raise_TypeError(MP_ERROR_TEXT("not supported for this type"));
}

// A new str, bytes or bytearray (the type of `like`) of data.
static mp_obj_t new_like(mp_obj_t like, const byte *data, size_t len) {
    if (mp_obj_is_type(like, &mp_type_bytearray)) {
        return mp_obj_new_bytearray(len, data);
    }
    return mp_obj_get_type(like) == &mp_type_str ? mp_obj_new_str((const char *)data, len) : mp_obj_new_bytes(data, len);
}

// The length of a str in characters, of bytes in bytes.
static size_t char_len(mp_obj_t self, const byte *data, size_t len) {
    return mp_obj_get_type(self) == &mp_type_str ? utf8_charlen(data, len) : len;
}

// The fill character of ljust/rjust/center: one character, a space by default.
static void fill_char(size_t n_args, const mp_obj_t *args, const byte **fill, size_t *fill_len) {
    *fill = (const byte *)" ";
    *fill_len = 1;
    if (n_args > 2) {
        *fill = (const byte *)mp_obj_str_get_data(args[2], fill_len);
        if (char_len(args[2], *fill, *fill_len) != 1) {
            mp_raise_TypeError(MP_ERROR_TEXT("The fill character must be exactly one character long"));
        }
    }
}

// ljust (align < 0), center (0) and rjust (> 0).
static mp_obj_t justify(size_t n_args, const mp_obj_t *args, int align) {
    size_t len;
    const byte *data = str_data(args[0], &len);
    mp_int_t width = mp_obj_get_int(args[1]);
    size_t n = char_len(args[0], data, len);
    if (width <= (mp_int_t)n) {
        return args[0];
    }
    const byte *fill;
    size_t fill_len;
    fill_char(n_args, args, &fill, &fill_len);
    size_t pad = width - n;
    // CPython's center puts the odd pad character on the left when the width is odd
    size_t left = align < 0 ? 0 : align > 0 ? pad : pad / 2 + (pad & width & 1);
    vstr_t vstr;
    vstr_init(&vstr, len + pad * fill_len);
    for (size_t i = 0; i < left; ++i) {
        vstr_add_strn(&vstr, (const char *)fill, fill_len);
    }
    vstr_add_strn(&vstr, (const char *)data, len);
    for (size_t i = left; i < pad; ++i) {
        vstr_add_strn(&vstr, (const char *)fill, fill_len);
    }
    mp_obj_t out = new_like(args[0], (const byte *)vstr.buf, vstr.len);
    vstr_clear(&vstr);
    return out;
}

static mp_obj_t str_ljust(size_t n_args, const mp_obj_t *args) {
    return justify(n_args, args, -1);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_str_ljust_obj, 2, 3, str_ljust);

static mp_obj_t str_rjust(size_t n_args, const mp_obj_t *args) {
    return justify(n_args, args, 1);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_str_rjust_obj, 2, 3, str_rjust);

static mp_obj_t str_center(size_t n_args, const mp_obj_t *args) {
    return justify(n_args, args, 0);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_str_center_obj, 2, 3, str_center);

static mp_obj_t str_zfill(mp_obj_t self, mp_obj_t width_in) {
    size_t len;
    const byte *data = str_data(self, &len);
    mp_int_t width = mp_obj_get_int(width_in);
    size_t n = char_len(self, data, len);
    if (width <= (mp_int_t)n) {
        return self;
    }
    size_t pad = width - n;
    vstr_t vstr;
    vstr_init(&vstr, len + pad);
    size_t sign = len > 0 && (data[0] == '+' || data[0] == '-');
    vstr_add_strn(&vstr, (const char *)data, sign);
    for (size_t i = 0; i < pad; ++i) {
        vstr_add_byte(&vstr, '0');
    }
    vstr_add_strn(&vstr, (const char *)data + sign, len - sign);
    mp_obj_t out = new_like(self, (const byte *)vstr.buf, vstr.len);
    vstr_clear(&vstr);
    return out;
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_zfill_obj, str_zfill);

// Simple case mappings: ASCII, and the letters of Latin-1, Latin Extended-A (but for the
// dotted and dotless i), Greek and Cyrillic; other characters have no case here.
static bool exta_is_lower(unichar c) {
    return ((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
        ? (c & 1) : ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) && !(c & 1);
}

static unichar uni_lower(unichar c) {
    if (c < 0x80) {
        return unichar_tolower(c);
    }
    if ((c >= 0xc0 && c <= 0xde && c != 0xd7) || (c >= 0x391 && c <= 0x3ab && c != 0x3a2) || (c >= 0x410 && c <= 0x42f)) {
        return c + 32;
    }
    if (c >= 0x400 && c <= 0x40f) {
        return c + 80;
    }
    switch (c) {
        case 0x178:
            return 0xff;
        case 0x386: // Greek capitals with tonos
            return 0x3ac;
        case 0x38c:
            return 0x3cc;
        case 0x388 ... 0x38a:
            return c + 37;
        case 0x38e ... 0x38f:
            return c + 63;
    }
    return c >= 0x100 && c <= 0x17e && !exta_is_lower(c) && exta_is_lower(c + 1) ? c + 1 : c;
}

static unichar uni_upper(unichar c) {
    if (c < 0x80) {
        return unichar_toupper(c);
    }
    if ((c >= 0xe0 && c <= 0xfe && c != 0xf7) || (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) || (c >= 0x430 && c <= 0x44f)) {
        return c - 32;
    }
    if (c >= 0x450 && c <= 0x45f) {
        return c - 80;
    }
    switch (c) {
        case 0xb5:
            return 0x39c;
        case 0xff:
            return 0x178;
        case 0x3c2:
            return 0x3a3;
        case 0x3ac: // Greek small letters with tonos
            return 0x386;
        case 0x3cc:
            return 0x38c;
        case 0x3ad ... 0x3af:
            return c - 37;
        case 0x3cd ... 0x3ce:
            return c - 63;
    }
    return exta_is_lower(c) ? c - 1 : c;
}

// Case mappings, character by character (bytes: ASCII only): how each letter changes,
// given whether it follows a cased character and is the first of the string.
enum case_mode { SWAPCASE, CAPITALIZE, TITLE, CASEFOLD, UPPER, LOWER };

// upper(), lower() and casefold() of an ASCII str or bytes (most text): a byte each, into
// the buffer that becomes the result, instead of decoding and encoding each character and
// copying the result once more. MP_OBJ_NULL for other text.
static mp_obj_t ascii_change_case(mp_obj_t self, const byte *data, size_t len, bool is_str, enum case_mode mode) {
    byte any = 0;
    for (size_t i = 0; i < len; i++) {
        any |= data[i];
    }
    if (any >= 0x80 || !(is_str || mp_obj_is_type(self, &mp_type_bytes))) {
        return MP_OBJ_NULL;
    }
    vstr_t vstr;
    vstr_init_len(&vstr, len);
    byte *out = (byte *)vstr.buf;
    byte from = mode == UPPER ? 'a' : 'A';
    for (size_t i = 0; i < len; i++) {
        byte c = data[i];
        out[i] = (byte)(c - from) < 26 ? c ^ 0x20 : c;
    }
    return is_str ? mp_obj_new_str_from_utf8_vstr(&vstr) : mp_obj_new_bytes_from_vstr(&vstr);
}

static mp_obj_t change_case(mp_obj_t self, enum case_mode mode) {
    size_t len;
    const byte *data = str_data(self, &len);
    const byte *end = data + len;
    bool is_str = mp_obj_get_type(self) == &mp_type_str;
    if (mode == UPPER || mode == LOWER || mode == CASEFOLD) {
        mp_obj_t out = ascii_change_case(self, data, len, is_str, mode);
        if (out != MP_OBJ_NULL) {
            return out;
        }
    }
    vstr_t vstr;
    vstr_init(&vstr, len);
    bool after_cased = false;
    for (const byte *p = data; p < end;) {
        bool first = p == data;
        unichar c = is_str ? utf8_get_char(p) : *p;
        p = is_str ? utf8_next_char(p) : p + 1;
        if (!is_str && c >= 0x80) {
            vstr_add_byte(&vstr, c);
            after_cased = false;
            continue;
        }
        unichar lower = uni_lower(c), upper = uni_upper(c);
        bool cased = lower != c || upper != c || c == 0xdf;
        if (c == 0xdf && (mode == CASEFOLD || mode == UPPER || mode == SWAPCASE)) {
            // sharp s: "ss" folded, "SS" in capitals
            vstr_add_str(&vstr, mode == CASEFOLD ? "ss" : "SS");
            after_cased = true;
            continue;
        }
        switch (mode) {
            case SWAPCASE:
                c = lower != c ? lower : upper;
                break;
            case CAPITALIZE:
                c = first ? upper : lower;
                break;
            case TITLE:
                c = after_cased ? lower : upper;
                break;
            case UPPER:
                c = upper;
                break;
            case CASEFOLD:
                c = c == 0x3c2 ? 0x3c3 : lower;
                break;
            default:
                c = lower;
                break;
        }
        after_cased = cased;
        if (is_str) {
            vstr_add_char(&vstr, c);
        } else {
            vstr_add_byte(&vstr, c);
        }
    }
    mp_obj_t out = new_like(self, (const byte *)vstr.buf, vstr.len);
    vstr_clear(&vstr);
    return out;
}

static mp_obj_t str_upper(mp_obj_t self) {
    return change_case(self, UPPER);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_upper_obj, str_upper);

static mp_obj_t str_lower(mp_obj_t self) {
    return change_case(self, LOWER);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_lower_obj, str_lower);

static mp_obj_t str_swapcase(mp_obj_t self) {
    return change_case(self, SWAPCASE);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_swapcase_obj, str_swapcase);

static mp_obj_t str_capitalize(mp_obj_t self) {
    return change_case(self, CAPITALIZE);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_capitalize_obj, str_capitalize);

static mp_obj_t str_title(mp_obj_t self) {
    return change_case(self, TITLE);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_title_obj, str_title);

static mp_obj_t str_casefold(mp_obj_t self) {
    return change_case(self, CASEFOLD);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_casefold_obj, str_casefold);

// removeprefix (prefix true) and removesuffix.
static mp_obj_t remove_affix(mp_obj_t self, mp_obj_t affix_in, bool prefix) {
    size_t len;
    const byte *data = str_data(self, &len);
    size_t affix_len;
    const byte *affix = str_data(affix_in, &affix_len);
    if (mp_obj_is_str(affix_in) != mp_obj_is_str(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("argument has the wrong type"));
    }
    if (affix_len == 0 || affix_len > len
        || memcmp(prefix ? data : data + len - affix_len, affix, affix_len) != 0) {
        return self;
    }
    return new_like(self, prefix ? data + affix_len : data, len - affix_len);
}

static mp_obj_t str_removeprefix(mp_obj_t self, mp_obj_t prefix) {
    return remove_affix(self, prefix, true);
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_removeprefix_obj, str_removeprefix);

static mp_obj_t str_removesuffix(mp_obj_t self, mp_obj_t suffix) {
    return remove_affix(self, suffix, false);
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_removesuffix_obj, str_removesuffix);

// Whether every byte passes `test` (and there is at least one, unless empty_ok).
static mp_obj_t all_bytes(mp_obj_t self, bool (*test)(byte), bool empty_ok) {
    size_t len;
    const byte *data = str_data(self, &len);
    for (size_t i = 0; i < len; ++i) {
        if (!test(data[i])) {
            return mp_const_false;
        }
    }
    return mp_obj_new_bool(len > 0 || empty_ok);
}

static bool is_alnum(byte c) {
    return unichar_isalpha(c) || unichar_isdigit(c);
}

static bool is_ascii(byte c) {
    return c < 0x80;
}

static mp_obj_t str_isalnum(mp_obj_t self) {
    return all_bytes(self, is_alnum, false);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_isalnum_obj, str_isalnum);

static mp_obj_t str_isascii(mp_obj_t self) {
    return all_bytes(self, is_ascii, true);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_isascii_obj, str_isascii);

static mp_obj_t str_expandtabs(size_t n_args, const mp_obj_t *args) {
    size_t len;
    const byte *data = str_data(args[0], &len);
    mp_int_t tabsize = n_args > 1 ? mp_obj_get_int(args[1]) : 8;
    vstr_t vstr;
    vstr_init(&vstr, len);
    mp_int_t column = 0;
    for (size_t i = 0; i < len; ++i) {
        byte c = data[i];
        if (c == '\t') {
            if (tabsize > 0) {
                mp_int_t spaces = tabsize - column % tabsize;
                for (mp_int_t j = 0; j < spaces; ++j) {
                    vstr_add_byte(&vstr, ' ');
                }
                column += spaces;
            }
        } else {
            vstr_add_byte(&vstr, c);
            if (c == '\n' || c == '\r') {
                column = 0;
            } else if ((c & 0xc0) != 0x80) {
                column++;
            }
        }
    }
    mp_obj_t out = new_like(args[0], (const byte *)vstr.buf, vstr.len);
    vstr_clear(&vstr);
    return out;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_str_expandtabs_obj, 1, 2, str_expandtabs);

static mp_obj_t str_format_map(mp_obj_t self, mp_obj_t mapping) {
    if (!mp_obj_is_str(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("format_map() needs a str"));
    }
    if (!mp_obj_is_dict_or_ordereddict(mapping)) {
        mp_raise_TypeError(MP_ERROR_TEXT("format_map() needs a dict"));
    }
    return mp_obj_str_format(1, &self, mp_obj_dict_get_map(mapping));
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_format_map_obj, str_format_map);

// Whether every character of a str passes `test`, which sees the code point and whether it
// follows a character that passed `word` (for istitle); at least one character.
static bool is_ident_char(unichar c, bool first) {
    return c >= 0x80 || c == '_' || unichar_isalpha(c) || (!first && unichar_isdigit(c));
}

static mp_obj_t str_isidentifier(mp_obj_t self) {
    size_t len;
    const byte *data = str_data(self, &len);
    for (size_t i = 0; i < len; ++i) {
        if (!is_ident_char(data[i], i == 0)) {
            return mp_const_false;
        }
    }
    return mp_obj_new_bool(len > 0);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_isidentifier_obj, str_isidentifier);

// istitle: upper-case letters only at the start of a word, lower-case ones only inside,
// and at least one letter.
static mp_obj_t str_istitle(mp_obj_t self) {
    size_t len;
    const byte *data = str_data(self, &len);
    bool in_word = false;
    bool cased = false;
    for (size_t i = 0; i < len; ++i) {
        byte c = data[i];
        if (unichar_isupper(c)) {
            if (in_word) {
                return mp_const_false;
            }
            in_word = cased = true;
        } else if (unichar_islower(c)) {
            if (!in_word) {
                return mp_const_false;
            }
            cased = true;
        } else {
            in_word = false;
        }
    }
    return mp_obj_new_bool(cased);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_istitle_obj, str_istitle);

static bool is_decimal(byte c) {
    return unichar_isdigit(c);
}

// isdecimal and isnumeric: ASCII digits (other scripts' digits need Unicode's tables).
static mp_obj_t str_isdecimal(mp_obj_t self) {
    return all_bytes(self, is_decimal, false);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_isdecimal_obj, str_isdecimal);

// isprintable: no ASCII controls, no C1 controls, no-break space or soft hyphen.
static mp_obj_t str_isprintable(mp_obj_t self) {
    size_t len;
    const byte *data = str_data(self, &len);
    const byte *p = data, *top = data + len;
    while (p < top) {
        unichar c = utf8_get_char(p);
        p = utf8_next_char(p);
        if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_str_isprintable_obj, str_isprintable);

// str.maketrans(x[, y[, z]]): a dict from code points to code points, strings or None.
static mp_obj_t str_maketrans(size_t n_args, const mp_obj_t *args) {
    mp_obj_t table = mp_obj_new_dict(0);
    if (n_args == 1) {
        if (!mp_obj_is_dict_or_ordereddict(args[0])) {
            mp_raise_TypeError(MP_ERROR_TEXT("if you give only one argument to maketrans it must be a dict"));
        }
        mp_map_t *map = mp_obj_dict_get_map(args[0]);
        for (size_t i = 0; i < map->alloc; ++i) {
            if (mp_map_slot_is_filled(map, i)) {
                mp_obj_t key = map->table[i].key;
                if (mp_obj_is_str(key)) {
                    key = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_ord_obj), key);
                }
                mp_obj_dict_store(table, key, map->table[i].value);
            }
        }
        return table;
    }
    size_t nx, ny;
    const byte *x = (const byte *)mp_obj_str_get_data(args[0], &nx);
    const byte *y = (const byte *)mp_obj_str_get_data(args[1], &ny);
    if (utf8_charlen(x, nx) != utf8_charlen(y, ny)) {
        mp_raise_ValueError(MP_ERROR_TEXT("the first two maketrans arguments must have equal length"));
    }
    const byte *xt = x + nx;
    while (x < xt) {
        mp_obj_dict_store(table, MP_OBJ_NEW_SMALL_INT(utf8_get_char(x)), MP_OBJ_NEW_SMALL_INT(utf8_get_char(y)));
        x = utf8_next_char(x);
        y = utf8_next_char(y);
    }
    if (n_args > 2) {
        size_t nz;
        const byte *z = (const byte *)mp_obj_str_get_data(args[2], &nz);
        const byte *zt = z + nz;
        for (; z < zt; z = utf8_next_char(z)) {
            mp_obj_dict_store(table, MP_OBJ_NEW_SMALL_INT(utf8_get_char(z)), mp_const_none);
        }
    }
    return table;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_maketrans_fun_obj, 1, 3, str_maketrans);
MP_DEFINE_CONST_STATICMETHOD_OBJ(mpsandbox_str_maketrans_obj, MP_ROM_PTR(&str_maketrans_fun_obj));

// str.translate(table): each character's code point looked up in table (a dict, or any
// object with __getitem__): None deletes it, an int or a str replaces it, a missing key
// (LookupError) keeps it.
static mp_obj_t str_translate(mp_obj_t self, mp_obj_t table) {
    size_t len;
    const byte *data = str_data(self, &len);
    mp_map_t *map = mp_obj_is_dict_or_ordereddict(table) ? mp_obj_dict_get_map(table) : NULL;
    vstr_t vstr;
    vstr_init(&vstr, len);
    const byte *p = data, *top = data + len;
    while (p < top) {
        const byte *start = p;
        unichar c = utf8_get_char(p);
        p = utf8_next_char(p);
        mp_obj_t key = MP_OBJ_NEW_SMALL_INT(c);
        mp_obj_t value = MP_OBJ_NULL;
        if (map != NULL) {
            mp_map_elem_t *elem = mp_map_lookup(map, key, MP_MAP_LOOKUP);
            value = elem ? elem->value : MP_OBJ_NULL;
        } else {
            nlr_buf_t nlr;
            if (nlr_push(&nlr) == 0) {
                value = mp_obj_subscr(table, key, MP_OBJ_SENTINEL);
                nlr_pop();
            } else if (!mp_obj_exception_match(MP_OBJ_FROM_PTR(nlr.ret_val), &mp_type_LookupError)) {
                nlr_jump(nlr.ret_val);
            }
        }
        if (value == MP_OBJ_NULL) {
            vstr_add_strn(&vstr, (const char *)start, p - start);
        } else if (value == mp_const_none) {
            // deleted
        } else if (mp_obj_is_int(value)) {
            vstr_add_char(&vstr, mp_obj_get_int(value));
        } else {
            size_t n;
            const char *s = mp_obj_str_get_data(value, &n);
            vstr_add_strn(&vstr, s, n);
        }
    }
    return mp_obj_new_str_from_vstr(&vstr);
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_translate_obj, str_translate);

/******************************************************************************/
// Builtins (MICROPY_PORT_BUILTINS in mpconfigport.h).

// format(value, format_spec=''): '{:SPEC}'.format(value).
static mp_obj_t builtin_format(size_t n_args, const mp_obj_t *args) {
    vstr_t fmt;
    vstr_init(&fmt, 16);
    vstr_add_str(&fmt, "{:");
    if (n_args > 1) {
        size_t n;
        const char *spec = mp_obj_str_get_data(args[1], &n);
        vstr_add_strn(&fmt, spec, n);
    }
    vstr_add_char(&fmt, '}');
    mp_obj_t format_args[2] = {mp_obj_new_str_from_vstr(&fmt), args[0]};
    return mp_obj_str_format(2, format_args, NULL);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_builtin_format_obj, 1, 2, builtin_format);

// ascii(obj): repr(obj) with non-ASCII characters escaped as \xNN, \uNNNN or \UNNNNNNNN.
static mp_obj_t builtin_ascii(mp_obj_t obj) {
    mp_obj_t text = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_repr_obj), obj);
    GET_STR_DATA_LEN(text, data, len);
    vstr_t vstr;
    vstr_init(&vstr, len);
    const byte *p = data, *top = data + len;
    while (p < top) {
        unichar c = utf8_get_char(p);
        p = utf8_next_char(p);
        if (c < 0x80) {
            vstr_add_byte(&vstr, c);
        } else {
            char esc[12];
            int n = snprintf(esc, sizeof(esc), c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
            vstr_add_strn(&vstr, esc, n);
        }
    }
    return mp_obj_new_str_from_vstr(&vstr);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_builtin_ascii_obj, builtin_ascii);
