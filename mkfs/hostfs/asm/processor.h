/* Host build of kernel/fs (mkfs/hostfs): sched.h only needs the type. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H
struct thread_struct { unsigned long unused; };
#endif
