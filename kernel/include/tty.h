/* Terminal job control (drivers/tty_jobctl.c), for the console tty. */
#ifndef CLEAVE_TTY_H
#define CLEAVE_TTY_H
#include "types.h"

/* May current use a terminal that controls session sid with foreground
 * group pgrp, for an operation whose job-control signal is sig (SIGTTIN
 * to read, SIGTTOU to write under TOSTOP or change settings)? 0: yes;
 * -EIO; -ERESTARTSYS after sending sig to current's process group. */
int tty_check_change(pid_t sid, pid_t pgrp, int sig);
/* TIOCSPGRP's check of the new foreground group: 0, -ESRCH (no such
 * group or process) or -EPERM (in another session). */
int tty_check_pgrp(pid_t pgid);
/* Has the leader of session sid exited (so its terminal is free)? */
bool tty_session_gone(pid_t sid);

#endif
