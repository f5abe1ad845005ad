#ifndef OPINE_CKERNELS_H
#define OPINE_CKERNELS_H
// The two products of LinearAlgebra's fused linear-model pass, in AVX2 + FMA or AVX-512 for
// x86-64 CPUs that have them. Swift cannot compile one function for a wider instruction set
// than the rest of the program, so these live in C behind a run-time check; LinearAlgebra
// calls them only at a level `ck_vector_level()` allows and otherwise runs its portable Swift
// SIMD loops. All matrices are row-major Float32.

/// The widest instruction set this CPU (and OS) run and this file was built for:
/// 2 = AVX-512F, 1 = AVX2 + FMA, 0 = neither (or not x86-64).
int ck_vector_level(void);

/// z[i·k + c] = ⟨x_i, w_c⟩ for rows i < `rows` of x (`rows × d`) and rows c < `k` of w
/// (`k × d`). `level` is 1 or 2 and at most `ck_vector_level()`.
void ck_logits(int level, const float *x, long rows, long d, const float *w, long k, float *z);

/// g[c·d + j] += Σ_i r[i·k + c]·x[i·d + j]: g (`k × d`) gains Rᵀ·X for x `rows × d`, r
/// `rows × k`. `level` as for `ck_logits`.
void ck_accumulate(int level, const float *x, long rows, long d, const float *r, long k, float *g);

/// Asks for the `bytes` at `p` to be brought into the L2 cache, one request per 64-byte line;
/// never faults. Called for the next block of rows before the caller's per-row work on this
/// one, so memory works while the CPU does.
void ck_prefetch(const void *p, long bytes);

#endif
