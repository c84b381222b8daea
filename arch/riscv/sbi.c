/* SBI calls (v0.2+ calling convention: a7 = extension, a6 = function). */
#include <types.h>
#include <printk.h>
#include <asm/sbi.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E
#define SBI_LEGACY_PUTCHAR 0x01

static bool has_dbcn, has_srst;

struct sbiret sbi_ecall(long ext, long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;
	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

static bool probe(long ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, 3, ext, 0, 0, 0, 0, 0);
	return r.error == 0 && r.value != 0;
}

void sbi_init(void)
{
	has_dbcn = probe(SBI_EXT_DBCN);
	has_srst = probe(SBI_EXT_SRST);
}

void sbi_console_putchar(int c)
{
	if (has_dbcn)
		sbi_ecall(SBI_EXT_DBCN, 2, c, 0, 0, 0, 0, 0);	/* write_byte */
	else
		sbi_ecall(SBI_LEGACY_PUTCHAR, 0, c, 0, 0, 0, 0, 0);
}

void sbi_set_timer(u64 t) { sbi_ecall(SBI_EXT_TIME, 0, t, 0, 0, 0, 0, 0); }

void sbi_send_ipi(unsigned long mask, unsigned long base)
{
	sbi_ecall(SBI_EXT_IPI, 0, mask, base, 0, 0, 0, 0);
}

void sbi_remote_sfence_vma(unsigned long mask, unsigned long base,
			   unsigned long start, unsigned long size)
{
	sbi_ecall(SBI_EXT_RFENCE, 1, mask, base, start, size, 0, 0);
}

void sbi_remote_sfence_vma_asid(unsigned long mask, unsigned long base, unsigned long start,
				unsigned long size, unsigned long asid)
{
	sbi_ecall(SBI_EXT_RFENCE, 2, mask, base, start, size, asid, 0);
}

long sbi_hart_start(unsigned long hartid, unsigned long pa, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, 0, hartid, pa, opaque, 0, 0, 0).error;
}

long sbi_hart_get_status(unsigned long hartid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0, 0);
	return r.error ? r.error : r.value;
}

void sbi_shutdown(void)
{
	if (has_srst)
		sbi_ecall(SBI_EXT_SRST, 0, 0 /* shutdown */, 0, 0, 0, 0, 0);
	sbi_ecall(0x08, 0, 0, 0, 0, 0, 0, 0);	/* legacy shutdown */
	for (;;)
		__asm__ __volatile__("wfi");
}

void sbi_reboot(void)
{
	if (has_srst)
		sbi_ecall(SBI_EXT_SRST, 0, 1 /* cold reboot */, 0, 0, 0, 0, 0);
	sbi_shutdown();
}
