/* __switch_to(prev, next): save prev's callee-saved registers in its
 * thread_struct, load next's and make it current (tp). Returns prev in a0,
 * which is how the resumed side learns whom it replaced. */
#include <asm/processor.h>

	.text
	.globl __switch_to
__switch_to:
	sd	ra, THREAD_RA(a0)
	sd	sp, THREAD_SP(a0)
	sd	s0, THREAD_S0 + 0(a0)
	sd	s1, THREAD_S0 + 8(a0)
	sd	s2, THREAD_S0 + 16(a0)
	sd	s3, THREAD_S0 + 24(a0)
	sd	s4, THREAD_S0 + 32(a0)
	sd	s5, THREAD_S0 + 40(a0)
	sd	s6, THREAD_S0 + 48(a0)
	sd	s7, THREAD_S0 + 56(a0)
	sd	s8, THREAD_S0 + 64(a0)
	sd	s9, THREAD_S0 + 72(a0)
	sd	s10, THREAD_S0 + 80(a0)
	sd	s11, THREAD_S0 + 88(a0)
	ld	ra, THREAD_RA(a1)
	ld	sp, THREAD_SP(a1)
	ld	s0, THREAD_S0 + 0(a1)
	ld	s1, THREAD_S0 + 8(a1)
	ld	s2, THREAD_S0 + 16(a1)
	ld	s3, THREAD_S0 + 24(a1)
	ld	s4, THREAD_S0 + 32(a1)
	ld	s5, THREAD_S0 + 40(a1)
	ld	s6, THREAD_S0 + 48(a1)
	ld	s7, THREAD_S0 + 56(a1)
	ld	s8, THREAD_S0 + 64(a1)
	ld	s9, THREAD_S0 + 72(a1)
	ld	s10, THREAD_S0 + 80(a1)
	ld	s11, THREAD_S0 + 88(a1)
	mv	tp, a1
	ret

/* The FP registers to and from t->thread (fpu_save and fpu_restore in
 * process.c decide when). The kernel itself never uses FP registers. */
	.globl __fpu_save
__fpu_save:
	li	t1, (1 << 13)		/* sstatus.FS = Initial: allow access */
	csrs	sstatus, t1
	fsd	f0, THREAD_F0 + 0(a0)
	fsd	f1, THREAD_F0 + 8(a0)
	fsd	f2, THREAD_F0 + 16(a0)
	fsd	f3, THREAD_F0 + 24(a0)
	fsd	f4, THREAD_F0 + 32(a0)
	fsd	f5, THREAD_F0 + 40(a0)
	fsd	f6, THREAD_F0 + 48(a0)
	fsd	f7, THREAD_F0 + 56(a0)
	fsd	f8, THREAD_F0 + 64(a0)
	fsd	f9, THREAD_F0 + 72(a0)
	fsd	f10, THREAD_F0 + 80(a0)
	fsd	f11, THREAD_F0 + 88(a0)
	fsd	f12, THREAD_F0 + 96(a0)
	fsd	f13, THREAD_F0 + 104(a0)
	fsd	f14, THREAD_F0 + 112(a0)
	fsd	f15, THREAD_F0 + 120(a0)
	fsd	f16, THREAD_F0 + 128(a0)
	fsd	f17, THREAD_F0 + 136(a0)
	fsd	f18, THREAD_F0 + 144(a0)
	fsd	f19, THREAD_F0 + 152(a0)
	fsd	f20, THREAD_F0 + 160(a0)
	fsd	f21, THREAD_F0 + 168(a0)
	fsd	f22, THREAD_F0 + 176(a0)
	fsd	f23, THREAD_F0 + 184(a0)
	fsd	f24, THREAD_F0 + 192(a0)
	fsd	f25, THREAD_F0 + 200(a0)
	fsd	f26, THREAD_F0 + 208(a0)
	fsd	f27, THREAD_F0 + 216(a0)
	fsd	f28, THREAD_F0 + 224(a0)
	fsd	f29, THREAD_F0 + 232(a0)
	fsd	f30, THREAD_F0 + 240(a0)
	fsd	f31, THREAD_F0 + 248(a0)
	frcsr	t0
	sd	t0, THREAD_FCSR(a0)
	ret

	.globl __fpu_restore
__fpu_restore:
	li	t1, (1 << 13)
	csrs	sstatus, t1
	fld	f0, THREAD_F0 + 0(a0)
	fld	f1, THREAD_F0 + 8(a0)
	fld	f2, THREAD_F0 + 16(a0)
	fld	f3, THREAD_F0 + 24(a0)
	fld	f4, THREAD_F0 + 32(a0)
	fld	f5, THREAD_F0 + 40(a0)
	fld	f6, THREAD_F0 + 48(a0)
	fld	f7, THREAD_F0 + 56(a0)
	fld	f8, THREAD_F0 + 64(a0)
	fld	f9, THREAD_F0 + 72(a0)
	fld	f10, THREAD_F0 + 80(a0)
	fld	f11, THREAD_F0 + 88(a0)
	fld	f12, THREAD_F0 + 96(a0)
	fld	f13, THREAD_F0 + 104(a0)
	fld	f14, THREAD_F0 + 112(a0)
	fld	f15, THREAD_F0 + 120(a0)
	fld	f16, THREAD_F0 + 128(a0)
	fld	f17, THREAD_F0 + 136(a0)
	fld	f18, THREAD_F0 + 144(a0)
	fld	f19, THREAD_F0 + 152(a0)
	fld	f20, THREAD_F0 + 160(a0)
	fld	f21, THREAD_F0 + 168(a0)
	fld	f22, THREAD_F0 + 176(a0)
	fld	f23, THREAD_F0 + 184(a0)
	fld	f24, THREAD_F0 + 192(a0)
	fld	f25, THREAD_F0 + 200(a0)
	fld	f26, THREAD_F0 + 208(a0)
	fld	f27, THREAD_F0 + 216(a0)
	fld	f28, THREAD_F0 + 224(a0)
	fld	f29, THREAD_F0 + 232(a0)
	fld	f30, THREAD_F0 + 240(a0)
	fld	f31, THREAD_F0 + 248(a0)
	ld	t0, THREAD_FCSR(a0)
	fscsr	t0
	ret
