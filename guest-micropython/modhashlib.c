// The `hashlib` module, as CPython's for md5, sha1 and sha256: hashlib.md5(data=b''),
// hashlib.new(name, data=b''), and hash objects with update(), digest(), hexdigest(),
// copy(), name, digest_size and block_size. digest() can be called any number of times
// (it finishes a copy of the state). Replaces MicroPython's module (MICROPY_PY_HASHLIB is
// off), which has no md5 or sha1 without a TLS library and no hexdigest.
//
// md5 (RFC 1321) and sha1 (FIPS 180-4) are written here; sha256 is MicroPython's
// lib/crypto-algorithms (public domain).

#include <math.h>
#include <string.h>

#include "py/runtime.h"

// compiled here, as MicroPython does (the file lacks its own <string.h>)
#include "lib/crypto-algorithms/sha256.c"

/******************************************************************************/
// md5 and sha1: 64-byte blocks, a 64-bit bit count at the end of the padding.

typedef struct _md_state_t {
    uint32_t h[5];
    uint64_t length; // bytes hashed
    uint8_t block[64];
    size_t used; // bytes in block
} md_state_t;

static inline uint32_t rotl(uint32_t x, unsigned n) {
    return (x << n) | (x >> (32 - n));
}

// md5's sine table, K[i] = floor(|sin(i + 1)| * 2^32), computed once.
static uint32_t md5_k[64];

static void md5_compress(uint32_t *h, const uint8_t *block) {
    static const uint8_t shifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
    if (md5_k[0] == 0) {
        for (int i = 0; i < 64; ++i) {
            md5_k[i] = (uint32_t)(fabs(sin(i + 1.0)) * 4294967296.0);
        }
    }
    uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
        m[i] = (uint32_t)block[4 * i] | (uint32_t)block[4 * i + 1] << 8
            | (uint32_t)block[4 * i + 2] << 16 | (uint32_t)block[4 * i + 3] << 24;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
        uint32_t f;
        int g;
        switch (i / 16) {
            case 0:
                f = (b & c) | (~b & d);
                g = i;
                break;
            case 1:
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
                break;
            case 2:
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
                break;
            default:
                f = c ^ (b | ~d);
                g = (7 * i) % 16;
                break;
        }
        uint32_t t = d;
        d = c;
        c = b;
        b = b + rotl(a + f + md5_k[i] + m[g], shifts[i / 16][i % 4]);
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
}

static void sha1_compress(uint32_t *h, const uint8_t *block) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16
            | (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
    }
    for (int i = 16; i < 80; ++i) {
        w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t t = rotl(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

static void md_update(md_state_t *s, void (*compress)(uint32_t *, const uint8_t *), const uint8_t *data, size_t len) {
    s->length += len;
    while (len > 0) {
        size_t n = 64 - s->used < len ? 64 - s->used : len;
        memcpy(s->block + s->used, data, n);
        s->used += n;
        data += n;
        len -= n;
        if (s->used == 64) {
            compress(s->h, s->block);
            s->used = 0;
        }
    }
}

// Pads and writes the digest: little-endian words and length for md5, big-endian for sha1.
static void md_final(md_state_t *s, void (*compress)(uint32_t *, const uint8_t *), bool big_endian, size_t words, uint8_t *out) {
    uint64_t bits = s->length * 8;
    uint8_t pad[72] = {0x80};
    size_t pad_len = (s->used < 56 ? 56 : 120) - s->used;
    for (int i = 0; i < 8; ++i) {
        pad[pad_len + i] = (uint8_t)(bits >> (big_endian ? 56 - 8 * i : 8 * i));
    }
    md_update(s, compress, pad, pad_len + 8);
    for (size_t i = 0; i < words; ++i) {
        for (int j = 0; j < 4; ++j) {
            out[4 * i + j] = (uint8_t)(s->h[i] >> (big_endian ? 24 - 8 * j : 8 * j));
        }
    }
}

/******************************************************************************/
// The algorithms.

typedef struct _hash_algo_t {
    qstr name;
    size_t digest_size;
    size_t state_size;
    void (*init)(void *state);
    void (*update)(void *state, const uint8_t *data, size_t len);
    void (*final)(void *state, uint8_t *out); // may change the state
} hash_algo_t;

static void md5_init(void *state) {
    md_state_t *s = state;
    static const uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    memset(s, 0, sizeof(*s));
    memcpy(s->h, h, sizeof(h));
}

static void md5_update(void *state, const uint8_t *data, size_t len) {
    md_update(state, md5_compress, data, len);
}

static void md5_final(void *state, uint8_t *out) {
    md_final(state, md5_compress, false, 4, out);
}

static void sha1_init(void *state) {
    md_state_t *s = state;
    static const uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    memset(s, 0, sizeof(*s));
    memcpy(s->h, h, sizeof(h));
}

static void sha1_update(void *state, const uint8_t *data, size_t len) {
    md_update(state, sha1_compress, data, len);
}

static void sha1_final(void *state, uint8_t *out) {
    md_final(state, sha1_compress, true, 5, out);
}

static void sha256_init_state(void *state) {
    sha256_init(state);
}

static void sha256_update_state(void *state, const uint8_t *data, size_t len) {
    sha256_update(state, data, len);
}

static void sha256_final_state(void *state, uint8_t *out) {
    sha256_final(state, out);
}

static const hash_algo_t algos[] = {
    {MP_QSTR_md5, 16, sizeof(md_state_t), md5_init, md5_update, md5_final},
    {MP_QSTR_sha1, 20, sizeof(md_state_t), sha1_init, sha1_update, sha1_final},
    {MP_QSTR_sha256, 32, sizeof(CRYAL_SHA256_CTX), sha256_init_state, sha256_update_state, sha256_final_state},
};

/******************************************************************************/
// Hash objects.

typedef struct _hash_obj_t {
    mp_obj_base_t base;
    const hash_algo_t *algo;
    uint64_t state[]; // algo->state_size bytes, 8-byte aligned
} hash_obj_t;

static const mp_obj_type_t hash_type;

static hash_obj_t *hash_alloc(const hash_algo_t *algo) {
    hash_obj_t *o = mp_obj_malloc_var(hash_obj_t, state, uint64_t, (algo->state_size + 7) / 8, &hash_type);
    o->algo = algo;
    return o;
}

static mp_obj_t hash_update(mp_obj_t self_in, mp_obj_t data) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (mp_obj_is_str(data)) {
        mp_raise_TypeError(MP_ERROR_TEXT("Strings must be encoded before hashing"));
    }
    mp_buffer_info_t buf;
    mp_get_buffer_raise(data, &buf, MP_BUFFER_READ);
    self->algo->update(self->state, buf.buf, buf.len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(hash_update_obj, hash_update);

// The digest of what was hashed so far, finishing a copy of the state.
static void hash_digest_into(hash_obj_t *self, uint8_t *out) {
    size_t words = (self->algo->state_size + 7) / 8;
    uint64_t *copy = m_new(uint64_t, words);
    memcpy(copy, self->state, words * 8);
    self->algo->final(copy, out);
    m_del(uint64_t, copy, words);
}

static mp_obj_t hash_digest(mp_obj_t self_in) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t out[32];
    hash_digest_into(self, out);
    return mp_obj_new_bytes(out, self->algo->digest_size);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hash_digest_obj, hash_digest);

static mp_obj_t hash_hexdigest(mp_obj_t self_in) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t out[32];
    hash_digest_into(self, out);
    static const char hex[] = "0123456789abcdef";
    char text[64];
    for (size_t i = 0; i < self->algo->digest_size; ++i) {
        text[2 * i] = hex[out[i] >> 4];
        text[2 * i + 1] = hex[out[i] & 15];
    }
    return mp_obj_new_str(text, 2 * self->algo->digest_size);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hash_hexdigest_obj, hash_hexdigest);

static mp_obj_t hash_copy(mp_obj_t self_in) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    hash_obj_t *o = hash_alloc(self->algo);
    memcpy(o->state, self->state, self->algo->state_size);
    return MP_OBJ_FROM_PTR(o);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hash_copy_obj, hash_copy);

static void hash_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return; // read-only
    }
    if (attr == MP_QSTR_name) {
        dest[0] = MP_OBJ_NEW_QSTR(self->algo->name);
    } else if (attr == MP_QSTR_digest_size) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(self->algo->digest_size);
    } else if (attr == MP_QSTR_block_size) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(64);
    } else {
        dest[1] = MP_OBJ_SENTINEL; // look in the methods
    }
}

static void hash_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    hash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<%q _hashlib.HASH object @ %p>", self->algo->name, self);
}

static const mp_rom_map_elem_t hash_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_update), MP_ROM_PTR(&hash_update_obj) },
    { MP_ROM_QSTR(MP_QSTR_digest), MP_ROM_PTR(&hash_digest_obj) },
    { MP_ROM_QSTR(MP_QSTR_hexdigest), MP_ROM_PTR(&hash_hexdigest_obj) },
    { MP_ROM_QSTR(MP_QSTR_copy), MP_ROM_PTR(&hash_copy_obj) },
};
static MP_DEFINE_CONST_DICT(hash_locals, hash_locals_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    hash_type,
    MP_QSTR_HASH,
    MP_TYPE_FLAG_NONE,
    print, hash_print,
    attr, hash_attr,
    locals_dict, &hash_locals
    );

/******************************************************************************/
// The module's constructors: NAME(data=b'', *, usedforsecurity=True) and new(name, data=b'').

static mp_obj_t hash_new(const hash_algo_t *algo, size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        { MP_QSTR_data, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_usedforsecurity, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_TRUE} },
    };
    mp_arg_val_t vals[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, args, kw_args, MP_ARRAY_SIZE(allowed), allowed, vals);
    hash_obj_t *o = hash_alloc(algo);
    algo->init(o->state);
    if (vals[0].u_obj != mp_const_none) {
        hash_update(MP_OBJ_FROM_PTR(o), vals[0].u_obj);
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t hashlib_md5(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return hash_new(&algos[0], n_args, args, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hashlib_md5_obj, 0, hashlib_md5);

static mp_obj_t hashlib_sha1(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return hash_new(&algos[1], n_args, args, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hashlib_sha1_obj, 0, hashlib_sha1);

static mp_obj_t hashlib_sha256(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return hash_new(&algos[2], n_args, args, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hashlib_sha256_obj, 0, hashlib_sha256);

static mp_obj_t hashlib_new(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    qstr name = mp_obj_str_get_qstr(args[0]);
    for (size_t i = 0; i < MP_ARRAY_SIZE(algos); ++i) {
        if (algos[i].name == name) {
            return hash_new(&algos[i], n_args - 1, args + 1, kw_args);
        }
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("unsupported hash type %q"), name);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hashlib_new_obj, 1, hashlib_new);

static const mp_rom_map_elem_t hashlib_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_hashlib) },
    { MP_ROM_QSTR(MP_QSTR_md5), MP_ROM_PTR(&hashlib_md5_obj) },
    { MP_ROM_QSTR(MP_QSTR_sha1), MP_ROM_PTR(&hashlib_sha1_obj) },
    { MP_ROM_QSTR(MP_QSTR_sha256), MP_ROM_PTR(&hashlib_sha256_obj) },
    { MP_ROM_QSTR(MP_QSTR_new), MP_ROM_PTR(&hashlib_new_obj) },
};
static MP_DEFINE_CONST_DICT(hashlib_globals, hashlib_globals_table);

const mp_obj_module_t mpsandbox_module_hashlib = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hashlib_globals,
};

MP_REGISTER_MODULE(MP_QSTR_hashlib, mpsandbox_module_hashlib);
