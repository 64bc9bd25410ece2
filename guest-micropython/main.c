// The session: the exports of the WIT interface `session` (wit/sandbox.wit), on one
// MicroPython interpreter that lives as long as the component instance.
//
// Each export is a top-level entry: no Python frame is live when it starts, so that is
// where the C stack limit is set and deferred garbage collection runs (memory.c).
// The interpreter starts on the first entry. Both exports run in the `__main__`
// namespace, so what one exec defines, the next exec or call sees.

#include <stdlib.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/cstack.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/runtime.h"

#include "codecache.h"
#include "error.h"
#include "files.h"
#include "memory.h"
#include "modhost.h"
#include "sandbox.h"
#include "session.h"
#include "value.h"

// MicroPython's limit on the C stack (the linker gives the guest 1 MiB): past it,
// Python code gets RuntimeError: maximum recursion depth exceeded. The rest of the
// stack is margin for C code that does not check, such as repr of nested lists.
#define C_STACK_LIMIT (256 * 1024)

// Python frames live on the pystack. With stackless calls it is what stops a runaway
// Python recursion (about 13,000 levels; patch 0004 makes that the recursion error);
// recursion through C is stopped by the C stack limit first.
#define PYSTACK_BYTES (512 * 1024)

// The first heap area; further areas are malloc'd as the heap grows.
#define HEAP_BYTES (256 * 1024)

static mp_obj_t pystack[PYSTACK_BYTES / sizeof(mp_obj_t)];
static uint8_t heap[HEAP_BYTES];
static bool started;

// The value of the last module-level expression statement executed, and the exception
// being reported: root pointers, so that a collection keeps them.
MP_REGISTER_ROOT_POINTER(mp_obj_t mpsandbox_last_value);
MP_REGISTER_ROOT_POINTER(mp_obj_t mpsandbox_exception);

/******************************************************************************/
// Notebook semantics: the value of the last statement.
//
// exec compiles in REPL mode, where each module-level expression statement passes its
// value to a function: MicroPython's builtin __repl_print__, but here the port's own
// (MICROPY_REPL_PRINT_OBJ, a constant in the bytecode: patches/0029, so code cannot
// replace it), which records the value instead of printing it. The parse tree then tells whether the
// last statement is such an expression statement: an exec returns the recorded value
// only in that case (`f()` does, `x = f()` does not).
//
// Code the user compiles in "single" mode (`exec(compile(s, "f", "single"))`) calls it
// too, and must print as in the REPL. It runs deeper in the C stack: the
// exec's own statements call from one depth, measured by a probe on the first exec.

// C stack usage at a call from the exec's module-level code (0 until measured).
static mp_uint_t top_level_usage;

static mp_obj_t record_value(mp_obj_t value) {
    mp_uint_t usage = mp_cstack_usage();
    if (top_level_usage == 0) {
        top_level_usage = usage;
    }
    if (usage != top_level_usage) {
        return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin___repl_print___obj), value);
    }
    MP_STATE_VM(mpsandbox_last_value) = value;
    return mp_const_none;
}
// What the compiler calls for a module-level expression statement in REPL mode: a constant
// in the bytecode (patches/0029), so that code cannot replace it.
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_repl_print_obj, record_value);

// Rule ids of parse nodes, numbered as py/parse.c numbers them: the rules that have a
// compile function come first, in the order of py/grammar.h.
enum {
    #define DEF_RULE(rule, comp, kind, ...) RULE_##rule,
    #define DEF_RULE_NC(rule, kind, ...)
    #include "py/grammar.h"
    #undef DEF_RULE
    #undef DEF_RULE_NC
};

static bool ends_with_expression(mp_parse_node_t pn) {
    // file_input, file_input_2 and simple_stmt_2 are lists of statements (a list of one
    // is the statement itself); trailing NEWLINE tokens are not statements.
    while (MP_PARSE_NODE_IS_STRUCT(pn)) {
        mp_parse_node_struct_t *pns = (mp_parse_node_struct_t *)pn;
        size_t kind = MP_PARSE_NODE_STRUCT_KIND(pns);
        if (kind == RULE_expr_stmt) {
            // An expression without assignment or annotation.
            return MP_PARSE_NODE_IS_NULL(pns->nodes[1]);
        }
        if (kind != RULE_file_input && kind != RULE_file_input_2 && kind != RULE_simple_stmt_2) {
            return false;
        }
        size_t n = MP_PARSE_NODE_STRUCT_NUM_NODES(pns);
        while (n > 0 && (MP_PARSE_NODE_IS_NULL(pns->nodes[n - 1]) || MP_PARSE_NODE_IS_TOKEN(pns->nodes[n - 1]))) {
            --n;
        }
        if (n == 0) {
            return false;
        }
        pn = pns->nodes[n - 1];
    }
    return false;
}

static void print_repr(const mp_print_t *print, mp_obj_t obj) {
    mp_obj_print_helper(print, obj, PRINT_REPR);
}

// Stores the value of the last expression: its repr, and its value when it has one.
// An exception from repr (a class's own __repr__) is the exec's exception.
static void put_exec_result(mp_obj_t value, exports_mpsandbox_sandbox_session_exec_result_t *ret) {
    ret->value.is_some = false;
    ret->repr.is_some = false;
    if (value == MP_OBJ_NULL) {
        return;
    }
    value_print(&ret->repr.val, print_repr, value);
    ret->repr.is_some = true;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        value_from_obj(value, &ret->value.val);
        nlr_pop();
        ret->value.is_some = true;
    }
}

/******************************************************************************/
// Top-level entries.

void session_bind_builtins(void) {
    mp_obj_t overrides = mp_obj_new_dict(2);
    // exit() and quit(), which CPython's site module provides and scripts expect.
    mp_obj_dict_store(overrides, MP_OBJ_NEW_QSTR(MP_QSTR_exit), MP_OBJ_FROM_PTR(&mp_sys_exit_obj));
    mp_obj_dict_store(overrides, MP_OBJ_NEW_QSTR(MP_QSTR_quit), MP_OBJ_FROM_PTR(&mp_sys_exit_obj));
    // Host functions as plain names (modhost.c); Python's builtins keep theirs.
    host_add_builtins(overrides);
    MP_STATE_VM(mp_module_builtins_override_dict) = MP_OBJ_TO_PTR(overrides);
}

static void start(void) {
    mp_pystack_init(pystack, pystack + MP_ARRAY_SIZE(pystack));
    memory_init(heap, sizeof(heap));
    mp_init();
    files_mount_grants();
    session_bind_builtins();
    started = true;
}

bool session_started(void) {
    return started;
}

// With no Python frame live: clears the pystack (an exception may have skipped a C
// function's release of what it had allocated there) and runs a pending collection, or one
// that closes unreferenced files when many are open.
void session_at_top_level(void) {
    MP_STATE_THREAD(pystack_cur) = MP_STATE_THREAD(pystack_start);
    if (files_want_collection()) {
        gc_collect();
    }
    gc_collect_top_level();
}

void session_enter(void) {
    mp_cstack_init_with_sp_here(C_STACK_LIMIT);
    if (!started) {
        start();
    }
    // Per-call interpreter state that an earlier entry may have left behind: a stop
    // requested by the host (mphalport.c) ends with the entry that it was for, and so do
    // a heap lock (micropython.heap_lock()) and callbacks still queued by
    // micropython.schedule() (or a scheduler an exception left locked).
    MP_STATE_THREAD(mp_pending_exception) = MP_OBJ_NULL;
    MP_STATE_THREAD(gc_lock_depth) = 0;
    MP_STATE_VM(sched_state) = MP_SCHED_IDLE;
    MP_STATE_VM(sched_len) = 0;
    MP_STATE_VM(sched_idx) = 0;
    mpsandbox_poll_start();
    mp_globals_set(&MP_STATE_VM(dict_main));
    mp_locals_set(&MP_STATE_VM(dict_main));
    session_at_top_level();
}

// Reports the exception that ended an entry. The failed code's garbage may fill the
// heap (after a MemoryError, say); only the exception is still alive, so it is held
// by a root pointer and the pending collection runs first, leaving room to report it.
static void report(mp_obj_t exc, bool compiling, mpsandbox_sandbox_types_error_t *err) {
    MP_STATE_VM(mpsandbox_exception) = exc;
    session_at_top_level();
    memory_for_guest(true);
    error_from_exception(exc, compiling, err);
    memory_for_guest(false);
    MP_STATE_VM(mpsandbox_exception) = MP_OBJ_NULL;
}

// Returns the 1-based number of the last line of code that is not blank (1 if none).
static uint32_t last_code_line(const sandbox_string_t *code) {
    uint32_t line = 1;
    uint32_t last = 1;
    for (size_t i = 0; i < code->len; ++i) {
        uint8_t c = code->ptr[i];
        if (c == '\n') {
            line += 1;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
            last = line;
        }
    }
    return last;
}

// Compiles `code` in REPL mode, or takes it from the cache (codecache.c), clearing
// `*compiling` once it compiled, and runs it under the entry's nlr buffer `entry`;
// returns whether its last statement is an expression statement.
static MP_NOINLINE bool run_code(const char *code, size_t len, volatile bool *compiling, nlr_buf_t *entry) {
    bool has_value;
    mp_obj_t module_fun = code_cache_find(code, len, &has_value);
    if (module_fun == MP_OBJ_NULL) {
        memory_for_guest(true);
        mp_lexer_t *lex = mp_lexer_new_from_str_len(MP_QSTR__lt_stdin_gt_, code, len, 0);
        mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
        has_value = ends_with_expression(tree.root);
        module_fun = mp_compile(&tree, MP_QSTR__lt_stdin_gt_, true);
        memory_for_guest(false);
        code_cache_add(code, len, module_fun, has_value);
    }
    *compiling = false;
    MP_STATE_VM(mpsandbox_last_value) = MP_OBJ_NULL;
    memory_collect_above(entry);
    mp_call_function_0(module_fun);
    memory_collect_above(NULL);
    return has_value;
}

bool exports_mpsandbox_sandbox_session_exec(sandbox_string_t *code,
    exports_mpsandbox_sandbox_session_exec_result_t *ret,
    exports_mpsandbox_sandbox_session_error_t *err) {
    session_enter();
    volatile bool compiling = true;
    bool ok;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (top_level_usage == 0) {
            // The probe: the same call from here, so the same depth (see record_value).
            volatile bool probe_compiling = true;
            run_code("None", 4, &probe_compiling, &nlr);
        }
        bool has_value = run_code((const char *)code->ptr, code->len, &compiling, &nlr);
        put_exec_result(has_value ? MP_STATE_VM(mpsandbox_last_value) : MP_OBJ_NULL, ret);
        nlr_pop();
        ok = true;
    } else {
        report(MP_OBJ_FROM_PTR(nlr.ret_val), compiling, err);
        if (err->tag == MPSANDBOX_SANDBOX_TYPES_ERROR_SYNTAX) {
            // The parser reports a construct left open at the end (an unclosed bracket)
            // past the last line of code; point at that line instead.
            err->val.syntax.line = MIN(err->val.syntax.line, last_code_line(code));
        }
        ok = false;
    }
    MP_STATE_VM(mpsandbox_last_value) = MP_OBJ_NULL;
    sandbox_string_free(code);
    return ok;
}

// Returns the global `name` of __main__, or else the builtin, as Python looks names up.
static mp_obj_t lookup_global(const char *name, size_t len) {
    qstr q = qstr_find_strn(name, len);
    if (q != MP_QSTRnull) {
        return mp_load_global(q);
    }
    // Not interned, so no builtin: a global whose name was built at run time, if any.
    mp_obj_t key = mp_obj_new_str(name, len);
    mp_map_elem_t *elem = mp_map_lookup(&mp_globals_get()->map, key, MP_MAP_LOOKUP);
    if (elem == NULL) {
        mp_raise_msg_varg(&mp_type_NameError, MP_ERROR_TEXT("name '%s' isn't defined"), mp_obj_str_get_str(key));
    }
    return elem->value;
}

bool exports_mpsandbox_sandbox_session_call(sandbox_string_t *name,
    exports_mpsandbox_sandbox_session_list_value_t *args,
    exports_mpsandbox_sandbox_session_list_tuple2_string_value_t *kwargs,
    exports_mpsandbox_sandbox_session_value_t *ret,
    exports_mpsandbox_sandbox_session_error_t *err) {
    session_enter();
    bool ok;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fun = lookup_global((const char *)name->ptr, name->len);
        size_t n_args = args->len;
        size_t n_kw = kwargs->len;
        mp_obj_t *argv = m_new(mp_obj_t, n_args + 2 * n_kw);
        for (size_t i = 0; i < n_args; ++i) {
            argv[i] = value_to_obj(&args->ptr[i]);
        }
        for (size_t i = 0; i < n_kw; ++i) {
            // Keyword names must be qstrs, as MicroPython interns the keys of **kwargs.
            sandbox_string_t *key = &kwargs->ptr[i].f0;
            argv[n_args + 2 * i] = MP_OBJ_NEW_QSTR(qstr_from_strn((const char *)key->ptr, key->len));
            argv[n_args + 2 * i + 1] = value_to_obj(&kwargs->ptr[i].f1);
        }
        if (mp_obj_is_type(fun, &mp_type_fun_bc)) {
            memory_collect_above(&nlr);
        }
        mp_obj_t result = mp_call_function_n_kw(fun, n_args, n_kw, argv);
        memory_collect_above(NULL);
        value_from_obj(result, ret);
        nlr_pop();
        ok = true;
    } else {
        report(MP_OBJ_FROM_PTR(nlr.ret_val), false, err);
        ok = false;
    }
    sandbox_string_free(name);
    exports_mpsandbox_sandbox_session_list_value_free(args);
    exports_mpsandbox_sandbox_session_list_tuple2_string_value_free(kwargs);
    return ok;
}

/******************************************************************************/
// Port glue.

const char mpsandbox_help_text[] =
    "Welcome to MicroPython, running in mpsandbox.\n"
    "\n"
    "For online docs please visit http://docs.micropython.org/\n"
    "\n"
    "help(obj) lists the attributes of obj; help('modules') lists the built-in modules.\n";

// An exception with no handler: impossible, since every entry catches; trap if it happens.
void nlr_jump_fail(void *val) {
    abort();
}
