/* Supervisor Binary Interface calls into OpenSBI (SBI spec v2.0). */
#ifndef ASM_SBI_H
#define ASM_SBI_H
#include <types.h>

struct sbiret { long error; long value; };
struct sbiret sbi_ecall(long ext, long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
void sbi_init(void);
void sbi_console_putchar(int c);
void sbi_set_timer(u64 stime);
void sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
void sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
			   unsigned long start, unsigned long size);
void sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long base,
				unsigned long start, unsigned long size, unsigned long asid);
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
long sbi_hart_get_status(unsigned long hartid);
void sbi_shutdown(void) __noreturn;
void sbi_reboot(void) __noreturn;
#endif
