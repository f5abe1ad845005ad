#ifndef OPINE_CBLAS_SHIM_H
#define OPINE_CBLAS_SHIM_H
#include <cblas.h>
// OpenBLAS's thread-count controls, declared here so Swift sees them on every install.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
