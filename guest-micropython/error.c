// The WIT `error` of an exec or call that ended with an exception (see error.h).

#include <string.h>

#include "py/runtime.h"

#include "error.h"
#include "value.h"

#define ERROR(name) MPSANDBOX_SANDBOX_TYPES_ERROR_##name

// What stands for the text of an exception whose __str__ raised (CPython's words).
#define UNPRINTABLE "<exception str() failed>"

// Copies text into *out, as valid UTF-8 (a class name can hold a lone surrogate).
// Reporting must not fail, so if even that memory is missing the text is left empty.
static void put_text(sandbox_string_t *out, const char *text, size_t len) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        value_text(out, text, len);
        nlr_pop();
    } else {
        *out = (sandbox_string_t) {NULL, 0};
    }
}

// Prints the traceback of exc as Python does, ending with the exception's line. Like
// CPython, a line repeated more than three times in a row (runaway recursion) is
// printed three times and then counted.
static void print_traceback(const mp_print_t *print, mp_obj_t exc) {
    size_t n;
    size_t *tb; // (file, line, function) triples, innermost first
    mp_obj_exception_get_traceback(exc, &n, &tb);
    if (n > 0) {
        mp_print_str(print, "Traceback (most recent call last):\n");
    }
    size_t run = 0;
    for (size_t i = n; i > 0; i -= 3) {
        size_t *entry = &tb[i - 3];
        if (i < n && memcmp(entry, entry + 3, 3 * sizeof(size_t)) == 0) {
            run += 1;
        } else {
            run = 1;
        }
        if (run <= 3) {
            mp_printf(print, "  File \"%q\", line %u", (qstr)entry[0], (unsigned)entry[1]);
            if ((qstr)entry[2] != MP_QSTRnull) {
                mp_printf(print, ", in %q", (qstr)entry[2]);
            }
            mp_print_str(print, "\n");
        }
        if (run > 3 && (i == 3 || memcmp(entry - 3, entry, 3 * sizeof(size_t)) != 0)) {
            mp_printf(print, "  [Previous line repeated %u more times]\n", (unsigned)(run - 3));
        }
    }
    // "Type: message", or just "Type" when str(exc) is empty (MicroPython's own
    // PRINT_EXC always adds ": ", unlike CPython).
    mp_print_str(print, qstr_str(mp_obj_get_type(exc)->name));
    vstr_t message;
    mp_print_t message_print;
    vstr_init_print(&message, 16, &message_print);
    // str(exc) runs the exception's own __str__, which can raise: the line keeps the type
    // and says so, as CPython does.
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_print_helper(&message_print, exc, PRINT_STR);
        nlr_pop();
    } else {
        vstr_reset(&message);
        vstr_add_str(&message, UNPRINTABLE);
    }
    if (message.len > 0) {
        mp_printf(print, ": %.*s", (int)message.len, message.buf);
    }
    vstr_clear(&message);
}

static void print_str(const mp_print_t *print, mp_obj_t obj) {
    mp_obj_print_helper(print, obj, PRINT_STR);
}

// Prints into *out str(exc), or its traceback. Printing can run Python code (an
// exception's own __str__) and that can raise; the text then says so instead.
static void put_printed(sandbox_string_t *out, value_printer_t printer, mp_obj_t exc) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        value_print(out, printer, exc);
        nlr_pop();
    } else {
        put_text(out, UNPRINTABLE, strlen(UNPRINTABLE));
    }
}

static void put_type_name(sandbox_string_t *out, mp_obj_t exc) {
    size_t len;
    const char *name = (const char *)qstr_data(mp_obj_get_type(exc)->name, &len);
    put_text(out, name, len);
}

static int32_t exit_code(mp_obj_t exc) {
    mp_obj_t code = mp_obj_exception_get_value(exc);
    if (code == mp_const_none) {
        return 0;
    }
    if (mp_obj_is_bool(code)) {
        return code == mp_const_true;
    }
    if (mp_obj_is_small_int(code)) {
        return MP_OBJ_SMALL_INT_VALUE(code);
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_print_helper(&mp_stderr_print, code, PRINT_STR);
        mp_print_str(&mp_stderr_print, "\n");
        nlr_pop();
    }
    return 1;
}

void error_from_exception(mp_obj_t exc, bool compiling, mpsandbox_sandbox_types_error_t *err) {
    const mp_obj_type_t *type = mp_obj_get_type(exc);
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        err->tag = ERROR(EXIT);
        err->val.exit = exit_code(exc);
    } else if (compiling && mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_SyntaxError))) {
        // The parser and compiler record the line as the only traceback entry;
        // MicroPython knows no column.
        mpsandbox_sandbox_types_syntax_error_t *syntax = &err->val.syntax;
        size_t n;
        size_t *tb;
        mp_obj_exception_get_traceback(exc, &n, &tb);
        err->tag = ERROR(SYNTAX);
        put_type_name(&syntax->type_name, exc);
        put_printed(&syntax->message, print_str, exc);
        syntax->line = n >= 3 ? tb[1] : 1;
        syntax->column.is_some = false;
    } else {
        mpsandbox_sandbox_types_exception_t *exception = &err->val.exception;
        err->tag = ERROR(EXCEPTION);
        put_type_name(&exception->type_name, exc);
        put_printed(&exception->message, print_str, exc);
        put_printed(&exception->traceback, print_traceback, exc);
    }
}
