#ifndef OPINE_CNCURSESW_SHIM_H
#define OPINE_CNCURSESW_SHIM_H
// Wide-character entry points (add_wch, get_wch, cchar_t) need this before the include.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
