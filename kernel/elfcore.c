/* The ELF core file of a dying process, laid out as Linux lays it out so
 * that gdb reads it:
 *
 *   ELF header (ET_CORE)
 *   program headers: one PT_NOTE, then a PT_LOAD per mapping
 *   notes: NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_PRFPREG of
 *          the dumping thread, then NT_PRSTATUS and NT_PRFPREG of each
 *          other thread (gdb takes the first NT_PRSTATUS as the thread
 *          that got the signal)
 *   each mapping's memory, page aligned: resident pages written, the rest
 *          left as holes (the file is sparse where the memory was never
 *          touched); a stack is dumped from its lowest resident page up,
 *          the part of it a Linux stack VMA would cover
 *
 * cleave's VMAs do not remember files (private file mappings are copied
 * in at mmap), so every mapping's contents are dumped and there is no
 * NT_FILE. RLIMIT_CORE bounds the bytes written: past it the dump stops
 * and is reported incomplete, as on Linux. Called by do_coredump with the
 * other threads of the group parked (coredump.c), so the address space
 * and their registers stay as they were. No locks held; mm->lock is taken
 * briefly to look at VMAs and pages. */
#include <types.h>
#include <errno.h>
#include <elf.h>
#include <fs.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <coredump.h>
#include <asm/pgtable.h>

#define NT_PRSTATUS 1
#define NT_PRFPREG 2
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define FPREGS_MAX 528
#define AUXV_WORDS 64

struct elf_siginfo {
	s32 si_signo, si_code, si_errno;
};
struct core_timeval {
	s64 tv_sec, tv_usec;
};
/* Linux's struct elf_prstatus for a 64-bit target. */
struct elf_prstatus {
	struct elf_siginfo pr_info;
	s16 pr_cursig;
	u16 __pad0;
	u64 pr_sigpend, pr_sighold;
	s32 pr_pid, pr_ppid, pr_pgrp, pr_sid;
	struct core_timeval pr_utime, pr_stime, pr_cutime, pr_cstime;
	u64 pr_reg[32];
	s32 pr_fpvalid, __pad1;
};
_Static_assert(offsetof(struct elf_prstatus, pr_reg) == 112, "elf_prstatus.pr_reg");
_Static_assert(sizeof(struct elf_prstatus) == 376, "elf_prstatus");

struct elf_prpsinfo {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	u32 __pad;
	u64 pr_flag;
	u32 pr_uid, pr_gid;
	s32 pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16];
	char pr_psargs[80];
};
_Static_assert(sizeof(struct elf_prpsinfo) == 136, "elf_prpsinfo");

/* ---- output ---- */

struct core_out {
	struct file *f;
	off_t pos;		/* where the next byte goes */
	off_t end;		/* the file's size so far */
	u64 written, limit;	/* bytes written, RLIMIT_CORE */
	bool failed;
};

static void emit(struct core_out *o, const void *buf, size_t n)
{
	if (o->failed || o->written + n > o->limit || fatal_signal_pending(current)) {
		o->failed = true;
		return;
	}
	for (size_t done = 0; done < n;) {
		ssize_t r = vfs_write(o->f, false, (u64)buf + done, n - done, &o->pos);
		if (r <= 0) {
			o->failed = true;
			return;
		}
		done += r;
	}
	o->written += n;
	o->end = max(o->end, o->pos);
}

/* ---- notes ---- */

struct notes {
	u8 *buf;
	size_t len, size;
};

static void note(struct notes *nb, u32 type, const void *desc, u32 descsz)
{
	struct elf64_nhdr h = { 5, descsz, type };	/* "CORE" and its NUL */
	size_t need = sizeof(h) + 8 + ALIGN_UP(descsz, 4);
	if (nb->len + need > nb->size)
		return;		/* sized for the worst case: cannot happen */
	memcpy(nb->buf + nb->len, &h, sizeof(h));
	memcpy(nb->buf + nb->len + sizeof(h), "CORE\0\0\0\0", 8);
	memcpy(nb->buf + nb->len + sizeof(h) + 8, desc, descsz);
	memset(nb->buf + nb->len + sizeof(h) + 8 + descsz, 0, ALIGN_UP(descsz, 4) - descsz);
	nb->len += need;
}

static struct core_timeval tv(u64 ns)
{
	return (struct core_timeval){ (s64)(ns / 1000000000), (s64)(ns % 1000000000 / 1000) };
}

/* NT_PRSTATUS of p, whose user registers are regs. */
static void prstatus_note(struct notes *nb, struct task_struct *p, struct pt_regs *regs, int sig)
{
	struct elf_prstatus st;
	struct signal_struct *s = p->signal;
	memset(&st, 0, sizeof(st));
	st.pr_info.si_signo = st.pr_cursig = sig;
	st.pr_sigpend = READ_ONCE(p->pending.signal);
	st.pr_sighold = READ_ONCE(p->blocked);
	st.pr_pid = p->pid;
	st.pr_ppid = READ_ONCE(p->group_leader->parent_tgid);
	st.pr_pgrp = READ_ONCE(s->pgid);
	st.pr_sid = READ_ONCE(s->sid);
	bool leader = p == p->group_leader;	/* the leader shows the group's times */
	st.pr_utime = tv(leader ? READ_ONCE(s->utime) : p->utime);
	st.pr_stime = tv(leader ? READ_ONCE(s->stime) : p->stime);
	st.pr_cutime = tv(s->cutime);
	st.pr_cstime = tv(s->cstime);
	arch_core_gregs(regs, st.pr_reg);
	st.pr_fpvalid = 1;
	note(nb, NT_PRSTATUS, &st, sizeof(st));
}

static void fpregs_note(struct notes *nb, struct task_struct *p)
{
	u8 fp[FPREGS_MAX];
	note(nb, NT_PRFPREG, fp, arch_core_fpregs(p, fp));
}

/* NT_PRPSINFO: the process (its leader) as ps would show it. */
static void psinfo_note(struct notes *nb, struct mm_struct *mm)
{
	struct task_struct *t = current, *l = t->group_leader;
	struct elf_prpsinfo ps;
	const struct cred *c = task_cred(t);
	memset(&ps, 0, sizeof(ps));
	ps.pr_state = l == t ? 0 : 2;	/* running, or waiting for the dump */
	ps.pr_sname = l == t ? 'R' : 'D';
	ps.pr_uid = c->uid;
	ps.pr_gid = c->gid;
	ps.pr_pid = l->pid;
	ps.pr_ppid = READ_ONCE(l->parent_tgid);
	ps.pr_pgrp = READ_ONCE(t->signal->pgid);
	ps.pr_sid = READ_ONCE(t->signal->sid);
	memcpy(ps.pr_fname, l->comm, sizeof(ps.pr_fname));
	ps.pr_fname[sizeof(ps.pr_fname) - 1] = 0;
	u64 n = mm->arg_end > mm->arg_start ? mm->arg_end - mm->arg_start : 0;
	n = access_process_vm(mm, mm->arg_start, ps.pr_psargs, min(n, sizeof(ps.pr_psargs) - 1));
	for (u64 i = 0; i < n; i++)	/* the arguments, separated by spaces */
		if (!ps.pr_psargs[i])
			ps.pr_psargs[i] = ' ';
	while (n && ps.pr_psargs[n - 1] == ' ')
		ps.pr_psargs[--n] = 0;
	note(nb, NT_PRPSINFO, &ps, sizeof(ps));
}

/* The auxiliary vector exec left above argv and envp on the stack; 0
 * words when it cannot be read back whole. */
static size_t read_auxv(struct mm_struct *mm, u64 *out)
{
	u64 p = mm->start_stack, w;
	if (!p || access_process_vm(mm, p, &w, 8) != 8 || w > (1UL << 20))
		return 0;
	p += 8 * (w + 2);	/* argc, argv[], NULL */
	for (int i = 0;; i++, p += 8) {
		if (i > (1 << 20) || access_process_vm(mm, p, &w, 8) != 8)
			return 0;
		if (!w)
			break;
	}
	p += 8;
	for (size_t n = 0; n + 2 <= AUXV_WORDS; n += 2, p += 16) {
		if (access_process_vm(mm, p, out + n, 16) != 16)
			return 0;
		if (out[n] == 0)	/* AT_NULL ends it, and is part of it */
			return n + 2;
	}
	return 0;
}

/* All notes, current's first. NULL if out of memory. */
static struct notes *make_notes(struct mm_struct *mm, const struct ksiginfo *info,
				struct pt_regs *regs, struct core_thread *others)
{
	size_t nthreads = 1;
	for (struct core_thread *c = others; c; c = c->next)
		nthreads++;
	size_t per_note = sizeof(struct elf64_nhdr) + 8;
	size_t size = nthreads * (2 * per_note + sizeof(struct elf_prstatus) + FPREGS_MAX) +
		      3 * per_note + sizeof(struct elf_prpsinfo) + 128 + AUXV_WORDS * 8;
	struct notes *nb = kmalloc(sizeof(*nb));
	u8 *buf = kmalloc(size);
	u64 *auxv = kmalloc(AUXV_WORDS * 8);
	if (!nb || !buf || !auxv) {
		kfree(nb);
		kfree(buf);
		kfree(auxv);
		return NULL;
	}
	*nb = (struct notes){ buf, 0, size };
	int sig = info->signo;
	u8 si[128];
	prstatus_note(nb, current, regs, sig);
	psinfo_note(nb, mm);
	siginfo_to_layout(si, info);
	note(nb, NT_SIGINFO, si, sizeof(si));
	size_t na = read_auxv(mm, auxv);
	if (na)
		note(nb, NT_AUXV, auxv, na * 8);
	fpregs_note(nb, current);
	for (struct core_thread *c = others; c; c = c->next) {
		prstatus_note(nb, c->task, task_pt_regs(c->task), sig);
		fpregs_note(nb, c->task);
	}
	kfree(auxv);
	return nb;
}

/* ---- memory ---- */

struct core_seg {
	u64 start, end;
	u32 flags;
};

static bool resident(struct mm_struct *mm, u64 va, void *copy)
{
	spin_lock(&mm->lock);
	pte_t *e = walk_pte(mm->pgd, va, false);
	bool present = e && (*e & PTE_V);
	if (present && copy)
		memcpy(copy, __va(pte_pfn(*e) << PAGE_SHIFT), PAGE_SIZE);
	spin_unlock(&mm->lock);
	return present;
}

/* The mappings to dump (kmalloc'd), *n of them. */
static struct core_seg *snapshot_vmas(struct mm_struct *mm, int *n)
{
	spin_lock(&mm->lock);
	int max = mm->map_count;
	spin_unlock(&mm->lock);
	struct core_seg *segs = kmalloc((max + 1) * sizeof(*segs));
	if (!segs)
		return NULL;
	int k = 0;
	spin_lock(&mm->lock);
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (k == max)
			break;
		segs[k++] = (struct core_seg){ v->vm_start, v->vm_end, v->vm_flags };
	}
	spin_unlock(&mm->lock);
	/* A stack from its lowest resident page: what Linux's grown stack
	 * VMA would cover. */
	for (int i = 0; i < k; i++)
		if (segs[i].flags & VM_GROWSDOWN)
			while (segs[i].start < segs[i].end - PAGE_SIZE &&
			       !resident(mm, segs[i].start, NULL))
				segs[i].start += PAGE_SIZE;
	*n = k;
	return segs;
}

static void write_memory(struct core_out *o, struct mm_struct *mm, const struct core_seg *s,
			 void *page)
{
	off_t base = o->pos;
	for (u64 va = s->start; va < s->end && !o->failed; va += PAGE_SIZE) {
		if (!resident(mm, va, page))
			continue;	/* a hole in the file */
		o->pos = base + (va - s->start);
		emit(o, page, PAGE_SIZE);
	}
	o->pos = base + (s->end - s->start);
}

/* ---- the file ---- */

static void ehdr(struct elf64_ehdr *eh, int phnum)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, "\177ELF", 4);
	eh->e_ident[4] = 2;	/* ELFCLASS64 */
	eh->e_ident[5] = 1;	/* ELFDATA2LSB */
	eh->e_ident[6] = 1;	/* EV_CURRENT */
	eh->e_type = ET_CORE;
	eh->e_machine = arch_elf_machine();
	eh->e_version = 1;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	eh->e_phnum = phnum;
}

bool elf_core_dump(struct file *f, u64 limit, const struct ksiginfo *info,
		   struct pt_regs *regs, struct core_thread *others)
{
	struct mm_struct *mm = current->mm;
	struct core_out o = { .f = f, .limit = limit };
	int nseg = 0;
	struct core_seg *segs = snapshot_vmas(mm, &nseg);
	struct notes *nb = segs ? make_notes(mm, info, regs, others) : NULL;
	void *page = nb ? get_free_page() : NULL;
	if (!page)
		goto out;

	struct elf64_ehdr eh;
	ehdr(&eh, 1 + nseg);
	emit(&o, &eh, sizeof(eh));
	off_t notes_at = sizeof(eh) + (1 + nseg) * sizeof(struct elf64_phdr);
	struct elf64_phdr ph = { .p_type = PT_NOTE, .p_offset = notes_at, .p_filesz = nb->len,
				 .p_align = 4 };
	emit(&o, &ph, sizeof(ph));
	off_t data = ALIGN_UP(notes_at + nb->len, PAGE_SIZE);
	for (int i = 0; i < nseg; i++) {
		u32 vf = segs[i].flags;
		u64 size = segs[i].end - segs[i].start;
		ph = (struct elf64_phdr){
			.p_type = PT_LOAD, .p_offset = data, .p_vaddr = segs[i].start,
			.p_filesz = size, .p_memsz = size, .p_align = PAGE_SIZE,
			.p_flags = ((vf & VM_READ) ? PF_R : 0) | ((vf & VM_WRITE) ? PF_W : 0) |
				   ((vf & VM_EXEC) ? PF_X : 0),
		};
		emit(&o, &ph, sizeof(ph));
		data += size;
	}
	emit(&o, nb->buf, nb->len);
	o.pos = ALIGN_UP(o.pos, PAGE_SIZE);
	for (int i = 0; i < nseg; i++)
		write_memory(&o, mm, &segs[i], page);
	if (o.end < o.pos) {	/* ends in a hole: give the file its full size */
		o.pos--;
		emit(&o, "", 1);
	}
out:
	if (page)
		free_page(page);
	if (nb)
		kfree(nb->buf);
	kfree(nb);
	kfree(segs);
	return page && !o.failed;
}
