/* Host build of the file layer (mkfs/hostfs): sched.h only needs the
 * types, and get_current is a function of the stubs. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H
#define CLEAVE_HOST_BUILD 1
struct thread_struct { unsigned long unused; };
struct cpu { unsigned long hartid; };
extern struct cpu cpus[];
extern int nr_cpus;
#endif
