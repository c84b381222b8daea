#ifndef _TERMIOS_H
#define _TERMIOS_H

/* Kernel struct termios (TCGETS/TCSETS). */
typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
#define NCCS 19
struct termios {
	tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
};

int tcgetattr(int fd, struct termios *t);

#endif
