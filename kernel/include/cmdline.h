#ifndef CLEAVE_CMDLINE_H
#define CLEAVE_CMDLINE_H
#include "types.h"
/* The value of key= on the kernel command line, into val (n bytes). */
bool cmdline_arg(const char *key, char *val, size_t n);
#endif
