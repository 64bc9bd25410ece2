// str (and bytes) methods that MicroPython 1.25 lacks, in its str/bytes locals table
// through MICROPY_PY_STR_EXTRA_METHODS (patches/0043). Case and class tests are ASCII, as
// MicroPython's own lower() and upper() are.

#include <string.h>

#include "py/objstr.h"
#include "py/runtime.h"

#include "strmethods.h"

// The table is shared with bytearray, whose objects these functions cannot read.
static void need_str(mp_obj_t self) {
    if (!mp_obj_is_str_or_bytes(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("not supported for this type"));
    }
}

// A new str or bytes (the type of `like`) of data.
static mp_obj_t new_like(mp_obj_t like, const byte *data, size_t len) {
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
    need_str(args[0]);
    GET_STR_DATA_LEN(args[0], data, len);
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
    need_str(self);
    GET_STR_DATA_LEN(self, data, len);
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

// ASCII case mappings, character by character: how each letter changes, given whether it
// starts a word (follows a non-letter) and is the first of the string.
enum case_mode { SWAPCASE, CAPITALIZE, TITLE, CASEFOLD };

static mp_obj_t change_case(mp_obj_t self, enum case_mode mode) {
    need_str(self);
    GET_STR_DATA_LEN(self, data, len);
    vstr_t vstr;
    vstr_init(&vstr, len);
    bool after_letter = false;
    for (size_t i = 0; i < len; ++i) {
        byte c = data[i];
        bool letter = unichar_isalpha(c);
        switch (mode) {
            case SWAPCASE:
                c = unichar_isupper(c) ? unichar_tolower(c) : unichar_toupper(c);
                break;
            case CAPITALIZE:
                c = i == 0 ? unichar_toupper(c) : unichar_tolower(c);
                break;
            case TITLE:
                c = after_letter ? unichar_tolower(c) : unichar_toupper(c);
                break;
            case CASEFOLD:
                if (c == 0xc3 && i + 1 < len && data[i + 1] == 0x9f && mp_obj_get_type(self) == &mp_type_str) {
                    // U+00DF sharp s folds to "ss"
                    vstr_add_str(&vstr, "ss");
                    ++i;
                    continue;
                }
                c = unichar_tolower(c);
                break;
        }
        // a UTF-8 continuation or lead byte is neither a letter nor a word break
        after_letter = letter || (c >= 0x80 && after_letter);
        vstr_add_byte(&vstr, c);
    }
    mp_obj_t out = new_like(self, (const byte *)vstr.buf, vstr.len);
    vstr_clear(&vstr);
    return out;
}

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
    need_str(self);
    GET_STR_DATA_LEN(self, data, len);
    if (mp_obj_get_type(affix_in) != mp_obj_get_type(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("argument has the wrong type"));
    }
    GET_STR_DATA_LEN(affix_in, affix, affix_len);
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
    need_str(self);
    GET_STR_DATA_LEN(self, data, len);
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
    need_str(args[0]);
    GET_STR_DATA_LEN(args[0], data, len);
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
    need_str(self);
    if (!mp_obj_is_dict_or_ordereddict(mapping)) {
        mp_raise_TypeError(MP_ERROR_TEXT("format_map() needs a dict"));
    }
    return mp_obj_str_format(1, &self, mp_obj_dict_get_map(mapping));
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_str_format_map_obj, str_format_map);
