#include "CKernels.h"

void ck_prefetch(const void *p, long bytes) {
    const char *bytesAt = (const char *)p;
    for (long offset = 0; offset < bytes; offset += 64) __builtin_prefetch(bytesAt + offset, 0, 2);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define INLINE static inline __attribute__((always_inline))
/// Bytes to prefetch ahead of the row being read, rounded up to whole rows: about what the
/// memory system has in flight (~100 ns at ~45 GB/s).
#define PREFETCH_BYTES 8192

int ck_vector_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
    return 0;
}

// MARK: AVX2 + FMA, 8 lanes

__attribute__((target("avx2,fma"))) INLINE float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#define TARGET __attribute__((target("avx2,fma")))
#define WIDTH 8
#define VEC __m256
#define ZERO _mm256_setzero_ps
#define LOAD _mm256_loadu_ps
#define STORE _mm256_storeu_ps
#define FMA _mm256_fmadd_ps
#define BROADCAST _mm256_broadcast_ss
#define HSUM hsum8
#define NAME(name) name##_avx2
#include "linear_pass_body.h"
#undef TARGET
#undef WIDTH
#undef VEC
#undef ZERO
#undef LOAD
#undef STORE
#undef FMA
#undef BROADCAST
#undef HSUM
#undef NAME

// MARK: AVX-512F, 16 lanes

#define TARGET __attribute__((target("avx512f")))
#define WIDTH 16
#define VEC __m512
#define ZERO _mm512_setzero_ps
#define LOAD _mm512_loadu_ps
#define STORE _mm512_storeu_ps
#define FMA _mm512_fmadd_ps
#define BROADCAST(p) _mm512_set1_ps(*(p))
#define HSUM _mm512_reduce_add_ps
#define NAME(name) name##_avx512
#include "linear_pass_body.h"

void ck_logits(int level, const float *x, long rows, long d, const float *w, long k, float *z) {
    if (level >= 2) logits_avx512(x, rows, d, w, k, z);
    else logits_avx2(x, rows, d, w, k, z);
}

void ck_accumulate(int level, const float *x, long rows, long d, const float *r, long k, float *g) {
    if (level >= 2) accumulate_avx512(x, rows, d, r, k, g);
    else accumulate_avx2(x, rows, d, r, k, g);
}

#else

int ck_vector_level(void) { return 0; }
void ck_logits(int level, const float *x, long rows, long d, const float *w, long k, float *z) {
    (void)level; (void)x; (void)rows; (void)d; (void)w; (void)k; (void)z;
}
void ck_accumulate(int level, const float *x, long rows, long d, const float *r, long k, float *g) {
    (void)level; (void)x; (void)rows; (void)d; (void)r; (void)k; (void)g;
}

#endif
