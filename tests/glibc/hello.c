/* Static glibc hello world: checks that an unmodified Linux riscv64 binary
 * (glibc start-up, TLS set-up, brk/mmap, write, exit_group) runs on cleave. */
#include <stdio.h>

int main(void)
{
	printf("hello from glibc\n");
	return 0;
}
