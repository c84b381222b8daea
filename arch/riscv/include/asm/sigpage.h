/* The signal trampoline page: one kernel page holding
 *     li a7, 139   (rt_sigreturn)
 *     ecall
 * mapped read+exec by exec at SIGPAGE_VA in every user address space.
 * A handler returns into it (ra), which enters rt_sigreturn. */
#ifndef ASM_SIGPAGE_H
#define ASM_SIGPAGE_H
#include <mm.h>
#include <uaccess.h>

#define SIGPAGE_VA (TASK_SIZE - PAGE_SIZE)

/* The page (kernel VA). Allocated on first use; the kernel keeps one
 * reference forever, each mm that maps it takes another. */
void *sigpage_kva(void);
/* Optional: allocate it at boot, before user code runs. */
void sigpage_init(void);
#endif
