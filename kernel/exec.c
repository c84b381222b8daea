/* execve: load an ELF64 RISC-V program (and its interpreter, ld.so, if it
 * names one) into a fresh mm.
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
#include <elf.h>
#include <asm/ptrace.h>
#include <asm/sigpage.h>

#define STACK_TOP (SIGPAGE_VA - 15 * PAGE_SIZE)
#define STACK_MAX (8UL << 20)
#define MMAP_BASE (STACK_TOP - STACK_MAX - (1UL << 30))
#define ARG_ORDER 5			/* 128 KiB for argv + envp strings */
#define MAX_ARGS 4096
#define DYN_BIAS 0x10000000UL		/* where a static-pie is placed */

void start_thread(struct pt_regs *regs, u64 pc, u64 sp);
void mm_release(struct task_struct *t);
void release_dead_task(struct task_struct *t);
void put_sighand(struct sighand_struct *sh);
void exec_itimers(struct signal_struct *sig);
void fpu_restore(struct task_struct *t);
void drop_spare_stack(struct signal_struct *sig);
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
		/* up to MAX_ARGS strings of up to the whole buffer: a killed
		 * caller stops here rather than finish the copy */
		if (fatal_signal_pending(current))
			return -EINTR;
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

/* Map one PT_LOAD segment and read its file part. */
static int load_segment(struct mm_struct *mm, struct file *f, struct elf64_phdr *ph, u64 bias)
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
	u64 done = 0;
	if (!prev && f->f_op->get_page && (va - ph->p_offset) % PAGE_SIZE == 0) {
		/* Demand-paged: the whole pages of file data map the file
		 * (privately: a write copies), read in as they are touched.
		 * The page where the file data ends is copied now (the rest of
		 * it must read as zeros), the bss after it is anonymous. */
		u64 fend = max(start, ALIGN_DOWN(va + ph->p_filesz, PAGE_SIZE));
		int err = 0;
		if (fend > start)
			err = insert_file_vma(mm, start, fend, flags, f,
					      (ph->p_offset - (va - start)) >> PAGE_SHIFT);
		if (!err && end > fend)
			err = insert_vma(mm, fend, end, flags);
		if (err)
			return err;
		done = fend > va ? fend - va : 0;
	} else {
		if (prev && vma_is_file(prev))
			return -ENOEXEC;	/* a file page's tail is never shared (see above) */
		if (prev) {
			prev->vm_flags |= flags;
			start = prev->vm_end;
		}
		if (start < end) {
			int err = insert_vma(mm, start, end, flags);
			if (err)
				return err;
		}
	}
	while (done < ph->p_filesz) {
		if (fatal_signal_pending(current))
			return -EINTR;	/* a huge segment: stop once killed */
		u64 cur = va + done;
		void *kva;
		int err = map_new_page(mm, ALIGN_DOWN(cur, PAGE_SIZE), flags, &kva);
		if (err)
			return err;
		u64 off = cur & (PAGE_SIZE - 1), n = min(PAGE_SIZE - off, ph->p_filesz - done);
		if (kernel_read(f, (char *)kva + off, n, ph->p_offset + done) != (ssize_t)n)
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
	/* /proc/<pid>/cmdline and environ read these ranges. */
	size_t argbytes = 0;
	for (int i = 0; i < a->argc; i++)
		argbytes += strlen(a->buf + argbytes) + 1;
	mm->arg_start = strings;
	mm->arg_end = mm->env_start = strings + argbytes;
	mm->env_end = strings + a->used;
	return sp;
}

static int map_sigpage(struct mm_struct *mm)
{
	int err = insert_vma(mm, SIGPAGE_VA, SIGPAGE_VA + PAGE_SIZE, VM_READ | VM_EXEC | VM_SPECIAL);
	if (err)
		return err;
	pte_t *e = walk_pte_mut(mm, SIGPAGE_VA);
	if (!e)
		return -ENOMEM;
	struct page *pg = virt_to_page(sigpage_kva());
	get_page(pg);
	*e = pfn_pte(page_to_pfn(pg), vm_flags_to_pte(VM_READ | VM_EXEC));
	mm->rss++;
	return 0;
}

#define HWCAP_ISA(c) (1UL << ((c) - 'a'))
#define ELIBBAD 80

/* An ELF file being loaded: its header and program headers. */
struct elf_image {
	struct elf64_ehdr eh;
	struct elf64_phdr *ph;		/* kmalloc'd, e_phnum entries */
};

/* Read and check the headers. bad: the error for a file that is not a
 * RISC-V ELF we can load (ENOEXEC for the program, ELIBBAD for its
 * interpreter, as Linux). */
static int read_image(struct file *f, struct elf_image *im, int bad)
{
	struct elf64_ehdr *eh = &im->eh;
	ssize_t n = kernel_read(f, eh, sizeof(*eh), 0);

	im->ph = NULL;
	if (n < 0)
		return n;
	if (n != sizeof(*eh))
		return bad == -ELIBBAD ? -EIO : bad;	/* Linux: a short interpreter is EIO */
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != 2 /* 64-bit */ ||
	    eh->e_ident[5] != 1 /* LE */ || eh->e_machine != EM_RISCV ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phnum > 64)
		return bad;
	size_t phsize = eh->e_phnum * sizeof(struct elf64_phdr);
	if (!(im->ph = kmalloc(phsize)))
		return -ENOMEM;
	if (kernel_read(f, im->ph, phsize, eh->e_phoff) != (ssize_t)phsize) {
		kfree(im->ph);
		im->ph = NULL;
		return bad;		/* a truncated program header table */
	}
	return 0;
}

/* Map every PT_LOAD of im at bias; *top gets the end of the highest one. */
static int map_image(struct mm_struct *mm, struct file *f, struct elf_image *im, u64 bias,
		     u64 *top)
{
	*top = 0;
	for (int i = 0; i < im->eh.e_phnum; i++) {
		struct elf64_phdr *ph = &im->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		int err = load_segment(mm, f, ph, bias);
		if (err)
			return err;
		*top = max(*top, ALIGN_UP(ph->p_vaddr + bias + ph->p_memsz, PAGE_SIZE));
	}
	return *top ? 0 : -ENOEXEC;
}

/* The PT_INTERP path of im, kmalloc'd; NULL with *err 0 when there is none. */
static char *interp_path(struct file *f, struct elf_image *im, int *err)
{
	*err = 0;
	for (int i = 0; i < im->eh.e_phnum; i++) {
		struct elf64_phdr *ph = &im->ph[i];
		if (ph->p_type != PT_INTERP)
			continue;
		if (ph->p_filesz < 2 || ph->p_filesz > MAXPATH) {
			*err = -ENOEXEC;
			return NULL;
		}
		char *path = kmalloc(ph->p_filesz);
		if (!path) {
			*err = -ENOMEM;
			return NULL;
		}
		if (kernel_read(f, path, ph->p_filesz, ph->p_offset) != (ssize_t)ph->p_filesz ||
		    path[ph->p_filesz - 1] != 0) {
			kfree(path);
			*err = -ENOEXEC;
			return NULL;
		}
		return path;
	}
	return NULL;
}

/* Load the interpreter named by path: placed as a whole in the mmap area
 * (an ET_DYN, as every ld.so is) or where it says (ET_EXEC). Its entry
 * point and load bias come back. Its own PT_INTERP is ignored, as Linux
 * does. */
static int load_interp(struct mm_struct *mm, const char *path, u64 *entry, u64 *base)
{
	struct elf_image im;
	struct inode *ip;
	struct file *f;
	int err = path_lookupat(AT_FDCWD, path, LOOKUP_FOLLOW, &ip);

	if (err)
		return err;
	if (!S_ISREG(ip->i_mode)) {
		iput(ip);
		return -EACCES;
	}
	if ((err = vfs_open(ip, O_RDONLY, &f))) {
		iput(ip);
		return err;
	}
	if ((err = read_image(f, &im, -ELIBBAD)))
		goto out;
	u64 lo = ~0UL, hi = 0, bias = 0, top;
	for (int i = 0; i < im.eh.e_phnum; i++)
		if (im.ph[i].p_type == PT_LOAD) {
			lo = min(lo, ALIGN_DOWN(im.ph[i].p_vaddr, PAGE_SIZE));
			hi = max(hi, im.ph[i].p_vaddr + im.ph[i].p_memsz);
		}
	err = -ELIBBAD;
	if (lo >= hi || hi - lo > (1UL << 32))
		goto out;
	if (im.eh.e_type == ET_DYN) {
		spin_lock(&mm->lock);
		u64 at = get_unmapped_area(mm, ALIGN_UP(hi - lo, PAGE_SIZE));
		spin_unlock(&mm->lock);
		if (!at) {
			err = -ENOMEM;
			goto out;
		}
		bias = at - lo;
	}
	if ((err = map_image(mm, f, &im, bias, &top)))
		goto out;
	*entry = im.eh.e_entry + bias;
	*base = bias;
out:
	kfree(im.ph);
	fput(f);
	return err;
}

/* Build the new image in mm: the program and, if it names one, its
 * interpreter (ld.so), which then starts first. Returns the initial sp,
 * sets *entry. */
static long load_elf(struct mm_struct *mm, struct file *f, struct exec_args *a,
		     const char *execfn, u64 *entry)
{
	struct elf_image im;
	long err = read_image(f, &im, -ENOEXEC);
	if (err)
		return err;
	int perr;
	char *interp = interp_path(f, &im, &perr);
	if (perr) {
		err = perr;
		goto out;
	}
	u64 bias = im.eh.e_type == ET_DYN ? DYN_BIAS : 0, brk, phdr_va = 0;
	if ((err = map_image(mm, f, &im, bias, &brk)))
		goto out;
	for (int i = 0; i < im.eh.e_phnum; i++) {
		if (im.ph[i].p_type == PT_PHDR)
			phdr_va = im.ph[i].p_vaddr + bias;
		else if (!phdr_va && im.ph[i].p_type == PT_LOAD && im.ph[i].p_offset == 0)
			phdr_va = im.ph[i].p_vaddr + bias + im.eh.e_phoff;
	}
	mm->start_brk = mm->brk = brk;
	mm->mmap_base = MMAP_BASE;
	u64 prog_entry = im.eh.e_entry + bias, interp_base = 0;
	*entry = prog_entry;
	if (interp && (err = load_interp(mm, interp, entry, &interp_base)))
		goto out;
	u64 auxv[] = {
		3, phdr_va, 4, sizeof(struct elf64_phdr), 5, im.eh.e_phnum, 6, PAGE_SIZE,
		7, interp_base, 8, 0, 9, prog_entry, 11, 0, 12, 0, 13, 0, 14, 0,
		16, HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') | HWCAP_ISA('f') |
		    HWCAP_ISA('d') | HWCAP_ISA('c'),
		17, 100, 23, 0, 25, 0, 31, 0, 0, 0,
	};
	err = map_sigpage(mm);
	if (!err)
		err = setup_stack(mm, a, execfn, auxv, ARRAY_SIZE(auxv));
out:
	kfree(interp);
	kfree(im.ph);
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
		detach_pid(leader);
		detach_pid(t);
		t->pid = leader->pid;
		attach_pid(t);
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
	int err = files_unshare(t);
	if (err)
		return err;
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

/* Open dfd/path for exec (lookup: LOOKUP_FOLLOW, LOOKUP_EMPTY): a regular
 * file with an x bit (EACCES otherwise, as Linux; ELOOP for a final
 * symlink not followed), remembering where it was found for
 * /proc/<pid>/exe. */
static int open_exec(int dfd, const char *path, unsigned int lookup, struct file **fp)
{
	struct file_where where;
	struct inode *ip;
	int err = path_lookup_where(dfd, path, lookup, &ip, &where);

	if (err)
		return err;
	if (S_ISLNK(ip->i_mode))
		err = -ELOOP;	/* execveat(AT_SYMLINK_NOFOLLOW) of a symlink */
	else if (!S_ISREG(ip->i_mode) || !(ip->i_mode & 0111))
		err = -EACCES;	/* directories, devices, no x bit: as on Linux */
	else
		err = vfs_open(ip, O_RDONLY, fp);
	if (err) {
		iput(ip);
		if (where.dir)
			iput(where.dir);
		return err;
	}
	file_set_path(*fp, &where);
	return 0;
}

#define SCRIPT_LINE 256

/* "#!interpreter [one argument]" scripts, as Linux's binfmt_script: the
 * new arguments are the interpreter, the optional argument, the script's
 * path, then argv[1..]. Returns 1 with *interp set (kmalloc'd) for a
 * script, 0 for anything else, or -errno. */
static int script_interp(struct file *f, struct exec_args *a, const char *path, char **interp)
{
	char line[SCRIPT_LINE];
	ssize_t n = kernel_read(f, line, sizeof(line) - 1, 0);

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return n < 0 ? (int)n : 0;
	line[n] = 0;
	char *nl = strchr(line, '\n');
	if (!nl && n == sizeof(line) - 1)
		return -ENOEXEC;	/* a first line too long to hold */
	if (nl)
		*nl = 0;
	char *p = line + 2, *arg = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	char *e = p;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	if (e == p)
		return -ENOEXEC;	/* "#!" and nothing */
	if (*e) {
		*e++ = 0;
		while (*e == ' ' || *e == '\t')
			e++;
		size_t l = strlen(e);
		while (l && (e[l - 1] == ' ' || e[l - 1] == '\t'))
			e[--l] = 0;
		if (l)
			arg = e;
	}
	/* argv[0] is replaced by the script's path; the interpreter and its
	 * argument go in front. */
	size_t cap = PAGE_SIZE << ARG_ORDER, drop = a->argc ? strlen(a->buf) + 1 : 0;
	size_t add = strlen(p) + 1 + (arg ? strlen(arg) + 1 : 0) + strlen(path) + 1;
	if (a->used - drop + add > cap)
		return -E2BIG;
	memmove(a->buf + add, a->buf + drop, a->used - drop);
	char *w = a->buf;
	w += strlcpy(w, p, cap) + 1;
	if (arg)
		w += strlcpy(w, arg, cap) + 1;
	strlcpy(w, path, cap);
	a->used += add - drop;
	a->argc += (arg ? 3 : 2) - (drop ? 1 : 0);
	char *copy = kmalloc(strlen(p) + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, p, strlen(p) + 1);
	kfree(*interp);
	*interp = copy;
	return 1;
}

/* Execute dfd/path (lookup: LOOKUP_* flags for the program itself, not a
 * script's interpreter); path names the program to itself (AT_EXECFN, a
 * script's argument, comm): the path, or /dev/fd/N[/path] for execveat
 * relative to a descriptor, as Linux. */
static long do_execveat(int dfd, const char *file, unsigned int lookup, const char *path,
			const char *const *argv, const char *const *envp, bool user)
{
	struct task_struct *t = current;
	struct exec_args a = { 0 };
	char *interp = NULL;		/* a script's interpreter (kmalloc'd) */
	struct page *argpg = __alloc_pages(ARG_ORDER, false);	/* only the used part is read */
	if (!argpg)
		return -ENOMEM;
	a.buf = page_address(argpg);
	long err = copy_strings(&a, argv, user, &a.argc);
	if (!err)
		err = copy_strings(&a, envp, user, &a.envc);
	if (err)
		goto out_args;

	struct file *f;
	const char *name = path;	/* what is exec'd: the file, or a script's interpreter */
	for (int depth = 0;; depth++) {
		if ((err = depth ? open_exec(AT_FDCWD, name, LOOKUP_FOLLOW, &f)
				 : open_exec(dfd, file, lookup, &f)))
			goto out_args;
		int kind = script_interp(f, &a, name, &interp);
		if (kind <= 0) {
			if (kind < 0) {
				fput(f);
				err = kind;
				goto out_args;
			}
			break;		/* an ELF (or what load_elf will refuse) */
		}
		fput(f);
		if (depth == 4) {	/* Linux's limit on nested interpreters */
			err = -ELOOP;
			goto out_args;
		}
		name = interp;
	}
	struct mm_struct *mm = mm_alloc();
	if (!mm) {
		fput(f);
		err = -ENOMEM;
		goto out_args;
	}
	/* The new mm is private to us until exchange_mm: no lock needed, and
	 * none may be held, since reading the file sleeps. The mm keeps the
	 * file for /proc/<pid>/exe. */
	u64 entry = 0;
	mm->exe_file = f;
	long sp = load_elf(mm, f, &a, path, &entry);
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
	t->flags &= ~PF_KTHREAD;	/* init starts as a kernel thread */
	struct mm_struct *old = exchange_mm(mm, NULL, NULL);
	if (old)
		mmput(old);
	if (t->files)
		files_close_on_exec(t->files);
	flush_signal_handlers(t);
	memset(&t->sas, 0, sizeof(t->sas));	/* the old stack is gone */
	/* a new image: dead threads of the old one no longer leave their
	 * kernel stacks to the group's next thread (kernel/fork.c) */
	WRITE_ONCE(t->signal->exec_count, t->signal->exec_count + 1);
	t->exec_id = t->signal->exec_count;
	drop_spare_stack(t->signal);
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
out_args:
	kfree(interp);
	free_pages(a.buf, ARG_ORDER);
	return err;
}

long do_execve(const char *path, const char *const *argv, const char *const *envp, bool user)
{
	return do_execveat(AT_FDCWD, path, LOOKUP_FOLLOW, path, argv, envp, user);
}

/* execveat (281): AT_EMPTY_PATH runs the file dfd itself refers to (an
 * fexecve), AT_SYMLINK_NOFOLLOW refuses a final symlink (ELOOP). */
SYSCALL_DEFINE5(execveat, int, dfd, const char __user *, upath, const char *const __user *, argv,
		const char *const __user *, envp, int, flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	char *shown = NULL;
	int err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup &= ~LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	char *kpath = getname(upath, flags & AT_EMPTY_PATH, &err);
	if (!kpath)
		return err;
	const char *path = kpath;
	if (kpath[0] != '/' && dfd != AT_FDCWD) {
		size_t n = strlen(kpath) + 32;
		if (!(shown = kmalloc(n))) {
			putname(kpath);
			return -ENOMEM;
		}
		if (kpath[0])
			snprintf(shown, n, "/dev/fd/%d/%s", dfd, kpath);
		else
			snprintf(shown, n, "/dev/fd/%d", dfd);
		path = shown;
	}
	long r = do_execveat(dfd, kpath, lookup, path, argv, envp, true);
	kfree(shown);
	putname(kpath);
	return r;
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
