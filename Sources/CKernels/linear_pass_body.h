// The body of the fused pass's two products, included once per instruction set by kernels.c
// with TARGET, WIDTH, VEC, ZERO, LOAD, STORE, FMA, BROADCAST, HSUM and NAME defined.

// Two rows (x0, x1) against n ≤ 4 consecutive rows of w; n is a constant at each call site, so
// the branches fold away. Two rows share each load of w. `ahead` floats further on are
// prefetched: on the machine we measured, the hardware prefetcher alone kept this loop at a
// third of the memory bandwidth (12.6 ms against 6.2 ms per pass over 100,000 × 384).
// Prefetching past the end of the buffer is harmless: prefetches never fault.
TARGET INLINE void NAME(dots2)(const float *x0, const float *x1, long d, long ahead, const float *w, int n,
                               float *z0, float *z1) {
    VEC a0 = ZERO(), a1 = a0, a2 = a0, a3 = a0;
    VEC b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    long j = 0;
    for (; j + WIDTH <= d; j += WIDTH) {
        _mm_prefetch((const char *)(x0 + ahead + j), _MM_HINT_T0);
        _mm_prefetch((const char *)(x1 + ahead + j), _MM_HINT_T0);
        VEC u = LOAD(x0 + j), v = LOAD(x1 + j), c;
        c = LOAD(w + j);
        a0 = FMA(u, c, a0); b0 = FMA(v, c, b0);
        if (n > 1) { c = LOAD(w + d + j); a1 = FMA(u, c, a1); b1 = FMA(v, c, b1); }
        if (n > 2) { c = LOAD(w + 2 * d + j); a2 = FMA(u, c, a2); b2 = FMA(v, c, b2); }
        if (n > 3) { c = LOAD(w + 3 * d + j); a3 = FMA(u, c, a3); b3 = FMA(v, c, b3); }
    }
    float s0[4] = {HSUM(a0), HSUM(a1), HSUM(a2), HSUM(a3)};
    float s1[4] = {HSUM(b0), HSUM(b1), HSUM(b2), HSUM(b3)};
    for (; j < d; j++) {
        for (int c = 0; c < n; c++) {
            s0[c] += x0[j] * w[c * d + j];
            s1[c] += x1[j] * w[c * d + j];
        }
    }
    for (int c = 0; c < n; c++) { z0[c] = s0[c]; z1[c] = s1[c]; }
}

TARGET static void NAME(logits)(const float *x, long rows, long d, const float *w, long k, float *z) {
    long aheadRows = (PREFETCH_BYTES / 4 + d - 1) / d;
    long ahead = (aheadRows < 2 ? 2 : aheadRows) * d;
    for (long i = 0; i < rows; i += 2) {
        // An odd last row is paired with itself and written twice.
        const float *x0 = x + i * d, *x1 = i + 1 < rows ? x0 + d : x0;
        float *z0 = z + i * k, *z1 = i + 1 < rows ? z0 + k : z0;
        for (long c = 0; c < k; c += 4) {
            switch (k - c < 4 ? k - c : 4) {
            case 4: NAME(dots2)(x0, x1, d, ahead, w + c * d, 4, z0 + c, z1 + c); break;
            case 3: NAME(dots2)(x0, x1, d, ahead, w + c * d, 3, z0 + c, z1 + c); break;
            case 2: NAME(dots2)(x0, x1, d, ahead, w + c * d, 2, z0 + c, z1 + c); break;
            default: NAME(dots2)(x0, x1, d, ahead, w + c * d, 1, z0 + c, z1 + c); break;
            }
        }
    }
}

// Columns j..<j + span·WIDTH (span 1 or 2) of n ≤ 4 consecutive rows of g gain
// Σ_i r[i·k + c]·x_i, held in registers across all rows.
TARGET INLINE void NAME(strip)(const float *x, long rows, long d, const float *r, long k, float *g, int n, long j,
                               int span) {
    VEC g0 = LOAD(g + j), g1 = g0, g2 = g0, g3 = g0;
    VEC h0 = g0, h1 = g0, h2 = g0, h3 = g0;
    if (span > 1) h0 = LOAD(g + j + WIDTH);
    if (n > 1) { g1 = LOAD(g + d + j); if (span > 1) h1 = LOAD(g + d + j + WIDTH); }
    if (n > 2) { g2 = LOAD(g + 2 * d + j); if (span > 1) h2 = LOAD(g + 2 * d + j + WIDTH); }
    if (n > 3) { g3 = LOAD(g + 3 * d + j); if (span > 1) h3 = LOAD(g + 3 * d + j + WIDTH); }
    for (long i = 0; i < rows; i++) {
        const float *xi = x + i * d + j, *ri = r + i * k;
        VEC u = LOAD(xi), v = span > 1 ? LOAD(xi + WIDTH) : u, s;
        s = BROADCAST(ri); g0 = FMA(u, s, g0); if (span > 1) h0 = FMA(v, s, h0);
        if (n > 1) { s = BROADCAST(ri + 1); g1 = FMA(u, s, g1); if (span > 1) h1 = FMA(v, s, h1); }
        if (n > 2) { s = BROADCAST(ri + 2); g2 = FMA(u, s, g2); if (span > 1) h2 = FMA(v, s, h2); }
        if (n > 3) { s = BROADCAST(ri + 3); g3 = FMA(u, s, g3); if (span > 1) h3 = FMA(v, s, h3); }
    }
    STORE(g + j, g0); if (span > 1) STORE(g + j + WIDTH, h0);
    if (n > 1) { STORE(g + d + j, g1); if (span > 1) STORE(g + d + j + WIDTH, h1); }
    if (n > 2) { STORE(g + 2 * d + j, g2); if (span > 1) STORE(g + 2 * d + j + WIDTH, h2); }
    if (n > 3) { STORE(g + 3 * d + j, g3); if (span > 1) STORE(g + 3 * d + j + WIDTH, h3); }
}

TARGET INLINE void NAME(accumulateGroup)(const float *x, long rows, long d, const float *r, long k, float *g, int n) {
    long j = 0;
    for (; j + 2 * WIDTH <= d; j += 2 * WIDTH) NAME(strip)(x, rows, d, r, k, g, n, j, 2);
    for (; j + WIDTH <= d; j += WIDTH) NAME(strip)(x, rows, d, r, k, g, n, j, 1);
    for (; j < d; j++) {
        for (long i = 0; i < rows; i++) {
            float value = x[i * d + j];
            for (int c = 0; c < n; c++) g[c * d + j] += value * r[i * k + c];
        }
    }
}

TARGET static void NAME(accumulate)(const float *x, long rows, long d, const float *r, long k, float *g) {
    for (long c = 0; c < k; c += 4) {
        switch (k - c < 4 ? k - c : 4) {
        case 4: NAME(accumulateGroup)(x, rows, d, r + c, k, g + c * d, 4); break;
        case 3: NAME(accumulateGroup)(x, rows, d, r + c, k, g + c * d, 3); break;
        case 2: NAME(accumulateGroup)(x, rows, d, r + c, k, g + c * d, 2); break;
        default: NAME(accumulateGroup)(x, rows, d, r + c, k, g + c * d, 1); break;
        }
    }
}
