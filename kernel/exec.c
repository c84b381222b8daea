/* execve: load a static ELF64 RISC-V program into a fresh mm.
 *
 * Everything that can fail — reading the arguments, building the new
 * address space, loading segments, laying out the stack — happens before
 * the point of no return; the old mm is untouched until then, so a failed
 * exec returns its error to a process that is still intact. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <asm/ptrace.h>
#include <asm/sigpage.h>

#define STACK_TOP (SIGPAGE_VA - 15 * PAGE_SIZE)
#define STACK_MAX (8UL << 20)
#define MMAP_BASE (STACK_TOP - STACK_MAX - (1UL << 30))
#define ARG_ORDER 5			/* 128 KiB for argv + envp strings */
#define MAX_ARGS 4096
#define ET_EXEC 2
#define ET_DYN 3
#define EM_RISCV 243
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define DYN_BIAS 0x10000000UL		/* where a static-pie is placed */

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

void start_thread(struct pt_regs *regs, u64 pc, u64 sp);
void mm_release(struct task_struct *t);
void release_dead_task(struct task_struct *t);
void put_sighand(struct sighand_struct *sh);
void exec_itimers(struct signal_struct *sig);
void fpu_restore(struct task_struct *t);
void get_random_bytes(void *buf, size_t n);
struct pt_regs *task_pt_regs(struct task_struct *t);

/* The argument strings, gathered before the old image goes away. */
struct exec_args {
	char *buf;		/* argv strings, then envp strings */
	size_t used;
	int argc, envc;
};

static int copy_strings(struct exec_args *a, const char *const __user *vec, bool user, int *count)
{
	for (int i = 0; vec; i++) {
		const char *s;
		if (user) {
			u64 p;
			if (get_user_u64(&p, (const u64 __user *)&vec[i]))
				return -EFAULT;
			s = (const char *)p;
		} else {
			s = vec[i];
		}
		if (!s)
			break;
		if (a->argc + a->envc + *count >= MAX_ARGS)
			return -E2BIG;
		size_t room = (PAGE_SIZE << ARG_ORDER) - a->used;
		long n;
		if (user) {
			n = strncpy_from_user(a->buf + a->used, s, room);
			if (n == -ENAMETOOLONG)
				return -E2BIG;
			if (n < 0)
				return n;
		} else {
			n = strlen(s);
			if ((size_t)n >= room)
				return -E2BIG;
			memcpy(a->buf + a->used, s, n + 1);
		}
		a->used += n + 1;
		(*count)++;
	}
	return 0;
}

/* Copy into the new mm's memory through the direct map. */
static int put_new_mm(struct mm_struct *mm, u64 va, const void *src, size_t n)
{
	while (n) {
		void *kva;
		int err = map_new_page(mm, ALIGN_DOWN(va, PAGE_SIZE), VM_READ | VM_WRITE, &kva);
		if (err)
			return err;
		size_t off = va & (PAGE_SIZE - 1), c = min(n, PAGE_SIZE - off);
		memcpy((char *)kva + off, src, c);
		va += c;
		src = (const char *)src + c;
		n -= c;
	}
	return 0;
}

/* Map one PT_LOAD segment and read its file part. ip locked. */
static int load_segment(struct mm_struct *mm, struct inode *ip, struct elf64_phdr *ph, u64 bias)
{
	u64 va = ph->p_vaddr + bias;
	if (ph->p_filesz > ph->p_memsz || va + ph->p_memsz < va || va + ph->p_memsz > MMAP_BASE)
		return -ENOEXEC;
	u32 flags = ((ph->p_flags & PF_R) ? VM_READ : 0) | ((ph->p_flags & PF_W) ? VM_WRITE : 0) |
		    ((ph->p_flags & PF_X) ? VM_EXEC : 0);
	u64 start = ALIGN_DOWN(va, PAGE_SIZE), end = ALIGN_UP(va + ph->p_memsz, PAGE_SIZE);
	/* Segments may share a boundary page: the shared page gets both
	 * segments' permissions. */
	struct vm_area_struct *prev = find_vma(mm, start);
	if (prev) {
		prev->vm_flags |= flags;
		start = prev->vm_end;
	}
	if (start < end) {
		int err = insert_vma(mm, start, end, flags);
		if (err)
			return err;
	}
	for (u64 done = 0; done < ph->p_filesz;) {
		u64 cur = va + done;
		void *kva;
		int err = map_new_page(mm, ALIGN_DOWN(cur, PAGE_SIZE), flags, &kva);
		if (err)
			return err;
		u64 off = cur & (PAGE_SIZE - 1), n = min(PAGE_SIZE - off, ph->p_filesz - done);
		if (readi(ip, false, (u64)kva + off, ph->p_offset + done, n) != (ssize_t)n)
			return -EIO;
		done += n;
	}
	return 0;
}

/* Lay out argc, argv, envp, auxv and the strings at the top of the stack;
 * returns the initial sp. */
static long setup_stack(struct mm_struct *mm, struct exec_args *a, const char *execfn,
			u64 *auxv, int nauxv)
{
	u64 sp = STACK_TOP;
	int err = insert_vma(mm, STACK_TOP - STACK_MAX, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (err)
		return err;
	size_t fnlen = strlen(execfn) + 1;
	sp -= a->used + fnlen;
	u64 strings = sp, execfn_va = sp + a->used;
	if ((err = put_new_mm(mm, strings, a->buf, a->used)) ||
	    (err = put_new_mm(mm, execfn_va, execfn, fnlen)))
		return err;
	u8 rnd[16];
	get_random_bytes(rnd, sizeof(rnd));
	sp = ALIGN_DOWN(sp - 16, 16);
	u64 random_va = sp;
	if ((err = put_new_mm(mm, random_va, rnd, 16)))
		return err;
	for (int i = 0; i < nauxv; i += 2) {
		if (auxv[i] == 25)	/* AT_RANDOM */
			auxv[i + 1] = random_va;
		if (auxv[i] == 31)	/* AT_EXECFN */
			auxv[i + 1] = execfn_va;
	}
	int nptr = 1 + a->argc + 1 + a->envc + 1 + nauxv;
	sp = ALIGN_DOWN(sp - nptr * 8, 16);
	u64 p = sp, v = a->argc;
	if ((err = put_new_mm(mm, p, &v, 8)))
		return err;
	p += 8;
	u64 s = strings;
	for (int i = 0; i < a->argc + a->envc + 1; i++) {
		if (i == a->argc) {	/* the NULL after argv */
			v = 0;
			put_new_mm(mm, p, &v, 8);
			p += 8;
		}
		if (i == a->argc + a->envc)
			break;
		if ((err = put_new_mm(mm, p, &s, 8)))
			return err;
		s += strlen(a->buf + (s - strings)) + 1;
		p += 8;
	}
	v = 0;
	put_new_mm(mm, p, &v, 8);
	p += 8;
	if ((err = put_new_mm(mm, p, auxv, nauxv * 8)))
		return err;
	mm->start_stack = sp;
	return sp;
}

static int map_sigpage(struct mm_struct *mm)
{
	int err = insert_vma(mm, SIGPAGE_VA, SIGPAGE_VA + PAGE_SIZE, VM_READ | VM_EXEC | VM_SPECIAL);
	if (err)
		return err;
	pte_t *e = walk_pte(mm->pgd, SIGPAGE_VA, true);
	if (!e)
		return -ENOMEM;
	struct page *pg = virt_to_page(sigpage_kva());
	get_page(pg);
	*e = pfn_pte(page_to_pfn(pg), vm_flags_to_pte(VM_READ | VM_EXEC));
	mm->rss++;
	return 0;
}

#define HWCAP_ISA(c) (1UL << ((c) - 'a'))

/* Build the new image in mm. Returns the initial sp, sets *entry. */
static long load_elf(struct mm_struct *mm, struct inode *ip, struct exec_args *a,
		     const char *execfn, u64 *entry)
{
	struct elf64_ehdr eh;
	if (readi(ip, false, (u64)&eh, 0, sizeof(eh)) != sizeof(eh) ||
	    memcmp(eh.e_ident, "\177ELF", 4) || eh.e_ident[4] != 2 /* 64-bit */ ||
	    eh.e_ident[5] != 1 /* LE */ || eh.e_machine != EM_RISCV ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(struct elf64_phdr) || eh.e_phnum == 0 || eh.e_phnum > 64)
		return -ENOEXEC;
	size_t phsize = eh.e_phnum * sizeof(struct elf64_phdr);
	struct elf64_phdr *ph = kmalloc(phsize);
	if (!ph)
		return -ENOMEM;
	long err = -ENOEXEC;
	if (readi(ip, false, (u64)ph, eh.e_phoff, phsize) != (ssize_t)phsize)
		goto out;
	u64 bias = eh.e_type == ET_DYN ? DYN_BIAS : 0, brk = 0, phdr_va = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			goto out;	/* dynamic linking is not supported */
		if (ph[i].p_type == PT_PHDR)
			phdr_va = ph[i].p_vaddr + bias;
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((err = load_segment(mm, ip, &ph[i], bias)))
			goto out;
		if (!phdr_va && ph[i].p_offset == 0)
			phdr_va = ph[i].p_vaddr + bias + eh.e_phoff;
		brk = max(brk, ALIGN_UP(ph[i].p_vaddr + bias + ph[i].p_memsz, PAGE_SIZE));
	}
	if (!brk) {
		err = -ENOEXEC;
		goto out;
	}
	mm->start_brk = mm->brk = brk;
	mm->mmap_base = MMAP_BASE;
	*entry = eh.e_entry + bias;
	u64 auxv[] = {
		3, phdr_va, 4, sizeof(struct elf64_phdr), 5, eh.e_phnum, 6, PAGE_SIZE,
		7, 0, 8, 0, 9, *entry, 11, 0, 12, 0, 13, 0, 14, 0,
		16, HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') | HWCAP_ISA('f') |
		    HWCAP_ISA('d') | HWCAP_ISA('c'),
		17, 100, 23, 0, 25, 0, 31, 0, 0, 0,
	};
	err = map_sigpage(mm);
	if (!err)
		err = setup_stack(mm, a, execfn, auxv, ARRAY_SIZE(auxv));
out:
	kfree(ph);
	return err;
}


/* exec in a multi-threaded process: every other thread dies first, and
 * if we are not the group leader we take over its pid and place in the
 * family, as Linux does. Returns -EAGAIN if the group is already exiting. */
static int de_thread(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;
	if (READ_ONCE(sig->live) == 1 && t == t->group_leader)
		return 0;
	spin_lock(&t->sighand->lock);
	if (sig->group_exit || sig->group_exec_task) {
		spin_unlock(&t->sighand->lock);
		return -EAGAIN;
	}
	sig->group_exec_task = t;
	spin_unlock(&t->sighand->lock);
	spin_lock(&tasklist_lock);
	struct list_head *pos;
	list_for_each(pos, &sig->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		if (o != t && !o->exit_state)
			send_signal(o, SIGKILL, false);
	}
	struct task_struct *leader = t->group_leader;
	while (READ_ONCE(sig->live) > 1 || (leader != t && leader->exit_state != EXIT_ZOMBIE))
		sleep_on(sig, &tasklist_lock);
	if (leader != t) {
		/* Become the leader: its pid, parent and children. */
		t->pid = leader->pid;
		t->exit_signal = leader->exit_signal;
		t->real_parent = leader->real_parent;
		t->parent_tgid = leader->parent_tgid;
		t->group_leader = t;
		list_del(&leader->sibling);
		list_del(&leader->tasks);
		list_del(&leader->thread_node);
		struct list_head *n;
		list_for_each_safe(pos, n, &leader->children) {
			struct task_struct *c = list_entry(pos, struct task_struct, sibling);
			list_del(&c->sibling);
			c->real_parent = t;
			c->parent_tgid = t->tgid;
			list_add_tail(&c->sibling, &t->children);
		}
		leader->exit_state = EXIT_DEAD;
	}
	sig->group_exec_task = NULL;
	spin_unlock(&tasklist_lock);
	if (leader != t) {
		while (__atomic_load_n(&leader->on_cpu, __ATOMIC_ACQUIRE))
			;
		release_dead_task(leader);
	}
	return 0;
}

/* The new image must not share the descriptor table or the signal
 * actions with another process (CLONE_FILES / CLONE_SIGHAND without
 * CLONE_THREAD): close-on-exec and the reset of handlers would reach into
 * it. Give this task private copies. */
static int unshare_for_exec(struct task_struct *t)
{
	if (t->files && READ_ONCE(t->files->count) > 1) {
		struct files_struct *nf = files_dup(t->files), *old = t->files;
		if (!nf)
			return -ENOMEM;
		t->files = nf;
		files_put(old);
	}
	struct sighand_struct *old = t->sighand;
	if (READ_ONCE(old->count) > 1) {
		struct sighand_struct *sh = kmalloc(sizeof(*sh));
		if (!sh)
			return -ENOMEM;
		spin_init(&sh->lock, "sighand");
		sh->count = 1;
		/* senders find t->sighand under tasklist_lock, then lock it */
		spin_lock(&tasklist_lock);
		spin_lock(&old->lock);
		memcpy(sh->action, old->action, sizeof(sh->action));
		t->sighand = sh;
		spin_unlock(&old->lock);
		spin_unlock(&tasklist_lock);
		put_sighand(old);
	}
	return 0;
}

/* Signal actions that are handlers become SIG_DFL; ignored stay ignored. */
static void flush_signal_handlers(struct task_struct *t)
{
	spin_lock(&t->sighand->lock);
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];
		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->mask = 0;
	}
	spin_unlock(&t->sighand->lock);
}

long do_execve(const char *path, const char *const *argv, const char *const *envp, bool user)
{
	struct task_struct *t = current;
	struct exec_args a = { 0 };
	struct page *argpg = __alloc_pages(ARG_ORDER, false);	/* only the used part is read */
	if (!argpg)
		return -ENOMEM;
	a.buf = page_address(argpg);
	long err = copy_strings(&a, argv, user, &a.argc);
	if (!err)
		err = copy_strings(&a, envp, user, &a.envc);
	if (err)
		goto out_args;

	struct inode *ip = namei(path);
	if (!ip) {
		err = -ENOENT;
		goto out_args;
	}
	ilock(ip);
	if (!inode_is_file(ip)) {
		err = -EACCES;	/* directories and devices, as on Linux */
		goto out_inode;
	}
	struct mm_struct *mm = mm_alloc();
	if (!mm) {
		err = -ENOMEM;
		goto out_inode;
	}
	/* The new mm is private to us until exchange_mm: no lock needed, and
	 * none may be held, since reading the file sleeps. */
	u64 entry;
	long sp = load_elf(mm, ip, &a, path, &entry);
	iunlockput(ip);
	ip = NULL;
	if (sp < 0) {
		err = sp;
		mmput(mm);
		goto out_args;
	}

	if ((err = de_thread(t)) || (err = unshare_for_exec(t))) {
		mmput(mm);
		goto out_args;
	}
	/* Point of no return. A vfork parent may go on now: we no longer
	 * touch its memory. */
	mm_release(t);
	struct mm_struct *old = exchange_mm(mm);
	if (old)
		mmput(old);
	if (t->files)
		files_close_on_exec(t->files);
	flush_signal_handlers(t);
	memset(&t->sas, 0, sizeof(t->sas));	/* the old stack is gone */
	exec_itimers(t->signal);	/* POSIX timers go; ITIMER_REAL stays */
	t->restart_block.fn = NULL;
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
	start_thread(task_pt_regs(t), entry, sp);
	fpu_restore(t);
	err = 0;
	goto out_args;

out_inode:
	iunlockput(ip);
out_args:
	free_pages(a.buf, ARG_ORDER);
	return err;
}

SYSCALL_DEFINE3(execve, const char __user *, path, const char *const __user *, argv,
		const char *const __user *, envp)
{
	char *kpath = kmalloc(MAXPATH);
	if (!kpath)
		return -ENOMEM;
	long err = strncpy_from_user(kpath, path, MAXPATH);
	if (err >= 0)
		err = err == 0 ? -ENOENT : do_execve(kpath, argv, envp, true);
	kfree(kpath);
	return err;
}
