// The exception tag that LLVM's wasm setjmp/longjmp lowering throws and catches.
// zig's bundled setjmp runtime refers to it but does not define it.

__asm__(
    ".globl __c_longjmp\n"
    ".tagtype __c_longjmp i32\n"
    "__c_longjmp:\n"
    );
