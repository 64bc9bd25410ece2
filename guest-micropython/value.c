// Conversion between Python objects and the WIT `value` (see value.h).

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "py/cstack.h"
#include "py/objtuple.h"
#include "py/parsenum.h"
#include "py/runtime.h"
#include "py/objtype.h"
#include "py/smallint.h"

#include "memory.h"
#include "value.h"

typedef mpsandbox_sandbox_types_value_node_t node_t;

#define TAG(name) MPSANDBOX_SANDBOX_TYPES_VALUE_NODE_##name

// realloc for memory handed to the bindings, raising MemoryError. An empty block is
// NULL: the bindings free nothing of length zero, so a real allocation would leak.
static void *xrealloc(void *ptr, size_t size) {
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    ptr = memory_realloc(ptr, size);
    if (ptr == NULL) {
        m_malloc_fail(size);
    }
    return ptr;
}

void value_string(sandbox_string_t *out, const char *data, size_t len) {
    out->ptr = xrealloc(NULL, len);
    memcpy(out->ptr, data, len);
    out->len = len;
}

/******************************************************************************/
// Text: what crosses the boundary as a WIT string must be UTF-8 as Unicode defines it,
// or lifting it traps the guest. A MicroPython str is looser: it can hold a lone
// surrogate (chr(0xD800), json.loads('"\\ud800"')), encoded as three bytes that strict
// UTF-8 refuses.

// The length of the valid UTF-8 sequence at p (at most `left` bytes), or 0 if there is
// none: no overlong forms, no surrogates, nothing past U+10FFFF.
static size_t utf8_sequence(const byte *p, size_t left) {
    byte c = p[0];
    if (c < 0x80) {
        return 1;
    }
    size_t n;
    byte lo = 0x80, hi = 0xbf; // the range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (left < n || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t k = 2; k < n; ++k) {
        if ((p[k] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return n;
}

// The offset of the first byte of data that is not valid UTF-8, or len if all is.
static size_t utf8_valid_prefix(const byte *data, size_t len) {
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence(data + i, len - i);
        if (n == 0) {
            break;
        }
        i += n;
    }
    return i;
}

// Whether p starts a surrogate as MicroPython encodes it (ED A0-BF 80-BF).
static bool is_surrogate(const byte *p, size_t left) {
    return left >= 3 && p[0] == 0xed && p[1] >= 0xa0 && (p[2] & 0xc0) == 0x80;
}

void value_check_text(const char *data, size_t len) {
    size_t bad = utf8_valid_prefix((const byte *)data, len);
    if (bad == len) {
        return;
    }
    const byte *p = (const byte *)data + bad;
    if (is_surrogate(p, len - bad)) {
        unsigned code = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
        mp_raise_msg_varg(&mp_type_UnicodeError,
            MP_ERROR_TEXT("'utf-8' codec can't encode character '\\u%04x': surrogates not allowed"), code);
    }
    mp_raise_msg(&mp_type_UnicodeError, MP_ERROR_TEXT("str is not valid UTF-8"));
}

// Writes `digits` hexadecimal digits of v at p, after the escape's prefix.
static size_t put_escape(uint8_t *p, char kind, unsigned v, size_t digits) {
    static const char hex[] = "0123456789abcdef";
    p[0] = '\\';
    p[1] = kind;
    for (size_t k = 0; k < digits; ++k) {
        p[2 + k] = hex[(v >> (4 * (digits - 1 - k))) & 0xf];
    }
    return 2 + digits;
}

void value_check_path(const char *path) {
    value_check_text(path, strlen(path));
}

// Rewrites *out, if it is not valid UTF-8, with each lone surrogate as its escape
// (\udXXX, as Python writes it) and each other stray byte as \xNN.
static void escape_text(sandbox_string_t *out) {
    size_t bad = utf8_valid_prefix(out->ptr, out->len);
    if (bad == out->len) {
        return;
    }
    // A stray byte becomes 4 bytes (\xNN); a surrogate's 3 become 6.
    uint8_t *text = xrealloc(NULL, bad + 4 * (out->len - bad));
    memcpy(text, out->ptr, bad);
    size_t len = bad;
    for (size_t i = bad; i < out->len;) {
        const byte *p = out->ptr + i;
        size_t left = out->len - i;
        size_t n = utf8_sequence(p, left);
        if (n > 0) {
            memcpy(text + len, p, n);
            len += n;
            i += n;
        } else if (is_surrogate(p, left)) {
            unsigned code = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
            len += put_escape(text + len, 'u', code, 4);
            i += 3;
        } else {
            len += put_escape(text + len, 'x', p[0], 2);
            i += 1;
        }
    }
    free(out->ptr);
    out->ptr = text;
    out->len = len;
}

void value_text(sandbox_string_t *out, const char *data, size_t len) {
    value_string(out, data, len);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        escape_text(out);
        nlr_pop();
    } else {
        free(out->ptr);
        *out = (sandbox_string_t) {NULL, 0};
        nlr_jump(nlr.ret_val);
    }
}

typedef struct _text_t {
    sandbox_string_t *out;
    size_t alloc;
} text_t;

static void text_strn(void *data, const char *str, size_t len) {
    text_t *text = data;
    sandbox_string_t *out = text->out;
    if (out->len + len > text->alloc) {
        text->alloc = MAX(2 * text->alloc, out->len + len);
        out->ptr = xrealloc(out->ptr, text->alloc);
    }
    memcpy(out->ptr + out->len, str, len);
    out->len += len;
}

void value_print(sandbox_string_t *out, value_printer_t printer, mp_obj_t obj) {
    *out = (sandbox_string_t) {NULL, 0};
    text_t text = {out, 0};
    mp_print_t print = {&text, text_strn};
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        printer(&print, obj);
        escape_text(out);
        nlr_pop();
    } else {
        // *out is the caller's memory, reliable after the longjmp (unlike a local).
        free(out->ptr);
        *out = (sandbox_string_t) {NULL, 0};
        nlr_jump(nlr.ret_val);
    }
}

/******************************************************************************/
// Python object -> value

typedef struct _builder_t {
    mpsandbox_sandbox_types_list_value_node_t *nodes;
    size_t alloc;
    // The containers being converted, outermost first: a container that contains
    // itself is found here instead of being expanded forever.
    mp_obj_t path[VALUE_MAX_DEPTH];
} builder_t;

// Nodes move when the array grows, so they are addressed by index.
#define NODE(b, i) ((b)->nodes->ptr[i])

// Appends a node (None until filled) and returns its index.
static size_t add_node(builder_t *b) {
    if (b->nodes->len == b->alloc) {
        size_t alloc = b->alloc ? 2 * b->alloc : 8;
        b->nodes->ptr = xrealloc(b->nodes->ptr, alloc * sizeof(node_t));
        b->alloc = alloc;
    }
    NODE(b, b->nodes->len).tag = TAG(NONE);
    return b->nodes->len++;
}

static void enter_container(builder_t *b, mp_obj_t obj, size_t depth) {
    if (depth == VALUE_MAX_DEPTH) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("value nested deeper than %d levels"), VALUE_MAX_DEPTH);
    }
    for (size_t i = 0; i < depth; ++i) {
        if (b->path[i] == obj) {
            mp_raise_msg_varg(&mp_type_ValueError,
                MP_ERROR_TEXT("cannot convert a '%s' that contains itself"), mp_obj_get_type_str(obj));
        }
    }
    b->path[depth] = obj;
}

static void set_int(builder_t *b, size_t i, mp_obj_t obj) {
    if (mp_obj_is_small_int(obj)) {
        NODE(b, i).val.int_ = MP_OBJ_SMALL_INT_VALUE(obj);
        NODE(b, i).tag = TAG(INT);
        return;
    }
    // A long int: its decimal text decides whether it fits in 64 bits.
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 24, &print);
    mp_obj_print_helper(&print, obj, PRINT_STR);
    errno = 0;
    long long v = strtoll(vstr_null_terminated_str(&vstr), NULL, 10);
    if (errno == 0) {
        NODE(b, i).val.int_ = v;
        NODE(b, i).tag = TAG(INT);
    } else {
        value_string(&NODE(b, i).val.big_int, vstr.buf, vstr.len);
        NODE(b, i).tag = TAG(BIG_INT);
    }
    vstr_clear(&vstr);
}

static size_t add_obj(builder_t *b, mp_obj_t obj, size_t depth);

static void set_items(builder_t *b, size_t i, uint8_t tag, mp_obj_t obj, size_t depth) {
    size_t n;
    mp_obj_t *items;
    if (tag == TAG(LIST)) {
        mp_obj_list_get(obj, &n, &items);
    } else {
        mp_obj_tuple_get(obj, &n, &items);
    }
    enter_container(b, obj, depth);
    // The list and tuple cases share one layout.
    uint32_t *children = xrealloc(NULL, n * sizeof(uint32_t));
    NODE(b, i).val.list = (sandbox_list_u32_t) {children, n};
    NODE(b, i).tag = tag;
    // No Python code runs during a conversion, so the items cannot change under us.
    for (size_t k = 0; k < n; ++k) {
        children[k] = add_obj(b, items[k], depth + 1);
    }
}

static void set_dict(builder_t *b, size_t i, mp_obj_t obj, size_t depth) {
    mp_map_t *map = mp_obj_dict_get_map(obj);
    enter_container(b, obj, depth);
    sandbox_tuple2_u32_u32_t *pairs = xrealloc(NULL, map->used * sizeof(sandbox_tuple2_u32_u32_t));
    NODE(b, i).val.dict = (sandbox_list_tuple2_u32_u32_t) {pairs, map->used};
    NODE(b, i).tag = TAG(DICT);
    size_t k = 0;
    for (size_t slot = 0; slot < map->alloc; ++slot) {
        if (mp_map_slot_is_filled(map, slot)) {
            pairs[k].f0 = add_obj(b, map->table[slot].key, depth + 1);
            pairs[k].f1 = add_obj(b, map->table[slot].value, depth + 1);
            ++k;
        }
    }
}

static size_t add_obj(builder_t *b, mp_obj_t obj, size_t depth) {
    mp_cstack_check();
    size_t i = add_node(b);
    if (obj == mp_const_none) {
        // the node is already None
    } else if (mp_obj_is_bool(obj)) {
        NODE(b, i).val.boolean = obj == mp_const_true;
        NODE(b, i).tag = TAG(BOOLEAN);
    } else if (mp_obj_is_int(obj)) {
        set_int(b, i, obj);
    } else if (mp_obj_is_float(obj)) {
        NODE(b, i).val.float_ = mp_obj_float_get(obj);
        NODE(b, i).tag = TAG(FLOAT);
    } else if (mp_obj_is_str(obj) || mp_obj_is_type(obj, &mp_type_bytes)) {
        size_t len;
        const char *data = mp_obj_str_get_data(obj, &len);
        bool is_str = mp_obj_is_str(obj);
        if (is_str) {
            value_check_text(data, len);
        }
        // str and bytes nodes share one layout: a pointer and a length.
        value_string(&NODE(b, i).val.str, data, len);
        NODE(b, i).tag = is_str ? TAG(STR) : TAG(BYTES);
    } else if (mp_obj_is_type(obj, &mp_type_list)) {
        set_items(b, i, TAG(LIST), obj, depth);
    } else if (MP_OBJ_TYPE_GET_SLOT_OR_NULL(mp_obj_get_type(obj), iter) == mp_obj_tuple_getiter) {
        // tuple, and namedtuple, which shares its layout
        set_items(b, i, TAG(TUPLE), obj, depth);
    } else if (mp_obj_is_dict_or_ordereddict(obj)) {
        set_dict(b, i, obj, depth);
    } else {
        // Instances of Python classes built on a container (the frozen collections layer's
        // OrderedDict and namedtuple, a user's `class Row(tuple)`) cross as that container.
        mp_obj_t native;
        if ((native = mp_obj_cast_to_native_base(obj, MP_OBJ_FROM_PTR(&mp_type_dict))) != MP_OBJ_NULL) {
            set_dict(b, i, native, depth);
        } else if ((native = mp_obj_cast_to_native_base(obj, MP_OBJ_FROM_PTR(&mp_type_tuple))) != MP_OBJ_NULL) {
            set_items(b, i, TAG(TUPLE), native, depth);
        } else if ((native = mp_obj_cast_to_native_base(obj, MP_OBJ_FROM_PTR(&mp_type_list))) != MP_OBJ_NULL) {
            set_items(b, i, TAG(LIST), native, depth);
        } else {
            mp_raise_msg_varg(&mp_type_TypeError,
                MP_ERROR_TEXT("cannot convert '%s' to a sandbox value"), mp_obj_get_type_str(obj));
        }
    }
    return i;
}

void value_from_obj(mp_obj_t obj, value_t *out) {
    // The nodes grow in *out, the caller's memory: after an exception (a longjmp) that
    // is where the partial tree is found, whereas a local would not be reliable.
    out->nodes = (mpsandbox_sandbox_types_list_value_node_t) {NULL, 0};
    builder_t b = {.nodes = &out->nodes, .alloc = 0};
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        add_obj(&b, obj, 0);
        nlr_pop();
    } else {
        // Every node is consistent at all times (its tag is set once what it owns is
        // allocated), so the generated free function can release the partial tree.
        mpsandbox_sandbox_types_list_value_node_free(&out->nodes);
        out->nodes = (mpsandbox_sandbox_types_list_value_node_t) {NULL, 0};
        nlr_jump(nlr.ret_val);
    }
}

/******************************************************************************/
// value -> Python object

static NORETURN void raise_malformed(size_t parent, uint32_t child) {
    mp_raise_msg_varg(&mp_type_ValueError,
        MP_ERROR_TEXT("malformed value: node %u refers to node %u"), (unsigned)parent, (unsigned)child);
}

// Returns the object of child node c of container node i. Children come after their
// parent, and nodes are built from the last one, so it already exists. depth[] counts
// the containers on the deepest path from a node down: 0 for a scalar, 1 for a
// container of scalars.
static mp_obj_t child(const value_t *value, mp_obj_t *objs, uint16_t *depth, size_t i, uint32_t c) {
    if (c <= i || c >= value->nodes.len) {
        raise_malformed(i, c);
    }
    if (depth[c] + 1 > depth[i]) {
        depth[i] = depth[c] + 1;
        if (depth[i] > VALUE_MAX_DEPTH) {
            mp_raise_msg_varg(&mp_type_ValueError,
                MP_ERROR_TEXT("value nested deeper than %d levels"), VALUE_MAX_DEPTH);
        }
    }
    return objs[c];
}

static mp_obj_t node_to_obj(const value_t *value, mp_obj_t *objs, uint16_t *depth, size_t i) {
    const node_t *node = &value->nodes.ptr[i];
    depth[i] = 0;
    switch (node->tag) {
        case TAG(NONE):
            return mp_const_none;
        case TAG(BOOLEAN):
            return mp_obj_new_bool(node->val.boolean);
        case TAG(INT):
            if (node->val.int_ >= MP_SMALL_INT_MIN && node->val.int_ <= MP_SMALL_INT_MAX) {
                return MP_OBJ_NEW_SMALL_INT(node->val.int_);
            }
            return mp_obj_new_int_from_ll(node->val.int_);
        case TAG(BIG_INT):
            return mp_parse_num_integer((const char *)node->val.big_int.ptr, node->val.big_int.len, 10, NULL);
        case TAG(FLOAT):
            return mp_obj_new_float(node->val.float_);
        case TAG(STR):
            return mp_obj_new_str((const char *)node->val.str.ptr, node->val.str.len);
        case TAG(BYTES):
            return mp_obj_new_bytes(node->val.bytes.ptr, node->val.bytes.len);
        case TAG(LIST):
        case TAG(TUPLE): {
            // The list and tuple cases share one layout.
            const sandbox_list_u32_t *children = &node->val.list;
            depth[i] = 1;
            mp_obj_t seq = node->tag == TAG(LIST)
                ? mp_obj_new_list(children->len, NULL)
                : mp_obj_new_tuple(children->len, NULL);
            size_t n;
            mp_obj_t *items;
            mp_obj_get_array(seq, &n, &items);
            for (size_t k = 0; k < n; ++k) {
                items[k] = child(value, objs, depth, i, children->ptr[k]);
            }
            return seq;
        }
        case TAG(DICT): {
            const sandbox_list_tuple2_u32_u32_t *pairs = &node->val.dict;
            depth[i] = 1;
            mp_obj_t dict = mp_obj_new_dict(pairs->len);
            for (size_t k = 0; k < pairs->len; ++k) {
                mp_obj_t key = child(value, objs, depth, i, pairs->ptr[k].f0);
                mp_obj_dict_store(dict, key, child(value, objs, depth, i, pairs->ptr[k].f1));
            }
            return dict;
        }
        default:
            mp_raise_msg_varg(&mp_type_ValueError,
                MP_ERROR_TEXT("malformed value: node %u has tag %u"), (unsigned)i, (unsigned)node->tag);
    }
}

// Builds every node from the last to the first, without recursion, so neither a deep
// nor a shared subtree costs more than its nodes. The scratch arrays are on the GC
// heap: nothing collects before the next top-level entry, and if this raises they are
// reclaimed then.
mp_obj_t value_to_obj(const value_t *value) {
    size_t n = value->nodes.len;
    if (n == 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("malformed value: no nodes"));
    }
    mp_obj_t *objs = m_new(mp_obj_t, n);
    uint16_t *depth = m_new(uint16_t, n);
    for (size_t i = n; i-- > 0;) {
        objs[i] = node_to_obj(value, objs, depth, i);
    }
    mp_obj_t root = objs[0];
    m_del(mp_obj_t, objs, n);
    m_del(uint16_t, depth, n);
    return root;
}
