/* /proc/<pid>/... : one directory per process (and, under task/, per
 * thread), in proc(5)'s formats.
 *
 * Generators look at the task under tasklist_lock and take references on
 * what they need beyond it (its mm with mmget, its files_struct count, an
 * inode for cwd/root); exit and exec detach those under tasklist_lock, so
 * nothing is freed in between. */
#include "cred.h"
#include "procfs.h"
#include "timekeeping.h"
#include "clone.h"

#define USER_HZ 100

u64 boot_time_ns(void)
{
	return ktime_get_real_ns() - ktime_get_ns();
}

bool proc_task_alive(pid_t pid)
{
	spin_lock(&tasklist_lock);
	struct task_struct *t = find_task_by_pid(pid);
	bool alive = t && t->exit_state != EXIT_DEAD;
	spin_unlock(&tasklist_lock);
	return alive;
}

pid_t proc_next_tgid(pid_t from)
{
	pid_t best = -1;
	struct list_head *pos;

	spin_lock(&tasklist_lock);
	list_for_each(pos, &all_tasks) {
		struct task_struct *t = list_entry(pos, struct task_struct, tasks);
		if (t->pid == t->tgid && t->pid >= from && (best < 0 || t->pid < best) &&
		    t->exit_state != EXIT_DEAD)
			best = t->pid;
	}
	spin_unlock(&tasklist_lock);
	return best;
}

/* The task of ip, tasklist_lock held; NULL if it is gone. */
static struct task_struct *task_of(struct inode *ip)
{
	struct task_struct *t = find_task_by_pid(PI(ip)->pid);

	return t && t->exit_state != EXIT_DEAD ? t : NULL;
}

/* Its mm, referenced (NULL for zombies and kernel threads). */
static struct mm_struct *task_mm(struct inode *ip, int *err)
{
	struct mm_struct *mm = NULL;

	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (!t)
		*err = -ESRCH;
	else if ((mm = t->mm))
		mmget(mm);
	spin_unlock(&tasklist_lock);
	return mm;
}

static char state_letter(struct task_struct *t)
{
	if (t->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state)
		return 'X';
	switch (t->state) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_STOPPED: return 'T';
	default: return 'D';
	}
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	case 'X': return "X (dead)";
	default: return "D (disk sleep)";
	}
}

/* tasklist_lock held. */
static pid_t ppid_of(struct task_struct *t)
{
	struct task_struct *l = t->group_leader ? t->group_leader : t;
	return l->real_parent && l->pid != 1 ? l->real_parent->tgid : 0;
}

static u64 sigset_of(sigset_t s)
{
	return (u64)s;
}

struct vm_totals {
	u64 vsize, rss, stack, data, text;
};

/* mm->lock taken here. */
static void vm_totals(struct mm_struct *mm, struct vm_totals *v)
{
	struct list_head *pos;

	memset(v, 0, sizeof(*v));
	if (!mm)
		return;
	spin_lock(&mm->lock);
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *a = list_entry(pos, struct vm_area_struct, vm_list);
		u64 len = a->vm_end - a->vm_start;
		v->vsize += len;
		if (a->vm_flags & VM_GROWSDOWN)
			v->stack += len;
		else if (a->vm_flags & VM_EXEC)
			v->text += len;
		else if (a->vm_flags & VM_WRITE)
			v->data += len;
	}
	v->rss = mm->rss;
	spin_unlock(&mm->lock);
}

/* What stat and status report of a task, gathered under tasklist_lock. */
struct task_info {
	pid_t pid, tgid, ppid, pgid, sid;
	char comm[TASK_COMM_LEN];
	char state;
	int threads, exit_signal, cpu, exit_code;
	u64 start_time;
	u64 pending, shpending, blocked, ignored, caught;
	mode_t umask;
	u32 uid[4], gid[4];		/* real, effective, saved, fs (sys_id.c) */
	u64 cap_inh, cap_prm, cap_eff;
	bool no_new_privs;
	long sigq, sigq_max;		/* SigQ: the real uid's queued siginfos / RLIMIT_SIGPENDING */
	u64 utime, stime, cutime, cstime;	/* ns: the group's, its reaped children's */
	u64 min_flt, cmin_flt;			/* the same two, in page faults */
};

static int gather(struct inode *ip, struct task_info *ti, struct mm_struct **mm)
{
	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (!t) {
		spin_unlock(&tasklist_lock);
		return -ESRCH;
	}
	ti->pid = t->pid;
	ti->tgid = t->tgid;
	ti->ppid = ppid_of(t);
	ti->pgid = t->signal->pgid;
	ti->sid = t->signal->sid;
	memcpy(ti->comm, t->comm, sizeof(ti->comm));
	ti->comm[TASK_COMM_LEN - 1] = 0;
	ti->state = state_letter(t);
	ti->threads = READ_ONCE(t->signal->live);
	if (ti->threads < 1)
		ti->threads = 1;
	ti->exit_signal = t->exit_signal;
	ti->cpu = t->cpu;
	ti->exit_code = t->exit_state ? t->exit_code : 0;
	ti->start_time = t->start_time;
	ti->pending = sigset_of(t->pending.signal);
	ti->shpending = sigset_of(t->signal->shared_pending.signal);
	ti->blocked = sigset_of(t->blocked);
	ti->ignored = ti->caught = 0;
	for (int s = 1; s <= 64; s++) {
		void __user *h = t->sighand->action[s - 1].handler;
		if (h == SIG_IGN)
			ti->ignored |= 1UL << (s - 1);
		else if (h != SIG_DFL)
			ti->caught |= 1UL << (s - 1);
	}
	ti->umask = t->fs ? (mode_t)READ_ONCE(t->fs->umask) : 022;
	const struct cred *c = task_cred(t);	/* kept alive by tasklist_lock */
	ti->uid[0] = c->uid, ti->uid[1] = c->euid, ti->uid[2] = c->suid, ti->uid[3] = c->fsuid;
	ti->gid[0] = c->gid, ti->gid[1] = c->egid, ti->gid[2] = c->sgid, ti->gid[3] = c->fsgid;
	ti->cap_inh = c->cap_inh;
	ti->cap_prm = c->cap_perm;
	ti->cap_eff = c->cap_eff;
	ti->sigq = sigqueue_user_count(c->uid);
	ti->utime = READ_ONCE(t->signal->utime);
	ti->stime = READ_ONCE(t->signal->stime);
	ti->cutime = t->signal->cutime;
	ti->cstime = t->signal->cstime;
	ti->min_flt = READ_ONCE(t->signal->min_flt);
	ti->cmin_flt = t->signal->cmin_flt;
	ti->sigq_max = (long)t->signal->rlim[RLIMIT_SIGPENDING].cur;
	ti->no_new_privs = t->no_new_privs;
	*mm = t->mm;
	if (*mm)
		mmget(*mm);
	spin_unlock(&tasklist_lock);
	return 0;
}

static int show_stat(struct inode *ip, struct pbuf *b)
{
	struct task_info ti;
	struct vm_totals v;
	struct mm_struct *mm;
	int err = gather(ip, &ti, &mm);

	if (err)
		return err;
	vm_totals(mm, &v);
	u64 sb = 0, brk = 0, as = 0, ae = 0, es = 0, ee = 0, stk = 0;
	if (mm) {
		sb = mm->start_brk, brk = mm->brk, stk = mm->start_stack;
		as = mm->arg_start, ae = mm->arg_end, es = mm->env_start, ee = mm->env_end;
	}
	const u64 tick = NSEC_PER_SEC / USER_HZ;
	pprintf(b, "%d (%s) %c %d %d %d 0 -1 %u %lu %lu 0 0 %lu %lu %lu %lu 20 0 %d 0 %lu %lu %lu "
		"18446744073709551615 0 0 %lu 0 0 %lu %lu %lu %lu 0 0 0 %d %d 0 0 0 0 0 "
		"0 0 %lu %lu %lu %lu %lu %d\n",
		ti.pid, ti.comm, ti.state, ti.ppid, ti.pgid, ti.sid, 0x400000u /* PF_RANDOMIZE-ish */,
		ti.min_flt, ti.cmin_flt,
		ti.utime / tick, ti.stime / tick, ti.cutime / tick, ti.cstime / tick, ti.threads, ti.start_time / (NSEC_PER_SEC / USER_HZ), v.vsize, v.rss,
		stk, ti.pending | ti.shpending, ti.blocked, ti.ignored, ti.caught,
		ti.exit_signal < 0 ? 0 : ti.exit_signal, ti.cpu,
		sb, as, ae, es, ee, ti.exit_code);
	(void)brk;
	if (mm)
		mmput(mm);
	return 0;
}

static int show_status(struct inode *ip, struct pbuf *b)
{
	struct task_info ti;
	struct vm_totals v;
	struct mm_struct *mm;
	int err = gather(ip, &ti, &mm);

	if (err)
		return err;
	vm_totals(mm, &v);
	pprintf(b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		"PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		"FDSize:\t64\nGroups:\t\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		ti.comm, ti.umask, state_name(ti.state), ti.tgid, ti.pid, ti.ppid,
		ti.uid[0], ti.uid[1], ti.uid[2], ti.uid[3], ti.gid[0], ti.gid[1], ti.gid[2], ti.gid[3],
		ti.tgid, ti.pid, ti.pgid, ti.sid);
	if (mm)
		pprintf(b, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t       0 kB\n"
			"VmPin:\t       0 kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n"
			"RssAnon:\t%8lu kB\nRssFile:\t       0 kB\nRssShmem:\t       0 kB\n"
			"VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmLib:\t       0 kB\n"
			"VmPTE:\t       0 kB\nVmSwap:\t       0 kB\n",
			v.vsize >> 10, v.vsize >> 10, v.rss * 4, v.rss * 4, v.rss * 4,
			v.data >> 10, v.stack >> 10, v.text >> 10);
	pprintf(b, "Threads:\t%d\nSigQ:\t%ld/%ld\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
		"SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n"
		"CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\n"
		"CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t%d\n"
		"Seccomp:\t0\nCpus_allowed:\t%x\nCpus_allowed_list:\t0-%d\n"
		"voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n",
		ti.threads, ti.sigq, ti.sigq_max, ti.pending, ti.shpending, ti.blocked, ti.ignored, ti.caught,
		ti.cap_inh, ti.cap_prm, ti.cap_eff, ti.no_new_privs,
		(1u << nr_cpus) - 1, nr_cpus - 1);
	if (mm)
		mmput(mm);
	return 0;
}

static int show_statm(struct inode *ip, struct pbuf *b)
{
	struct vm_totals v;
	int err = 0;
	struct mm_struct *mm = task_mm(ip, &err);

	if (err)
		return err;
	vm_totals(mm, &v);
	pprintf(b, "%lu %lu 0 %lu 0 %lu 0\n", v.vsize / PAGE_SIZE, v.rss, v.text / PAGE_SIZE,
		(v.data + v.stack) / PAGE_SIZE);
	if (mm)
		mmput(mm);
	return 0;
}

/* The bytes of [start, end) of the task's memory. */
static int show_mem_range(struct inode *ip, struct pbuf *b, bool env)
{
	int err = 0;
	struct mm_struct *mm = task_mm(ip, &err);

	if (err || !mm)
		return err;
	u64 s = env ? mm->env_start : mm->arg_start, e = env ? mm->env_end : mm->arg_end;
	size_t want = e > s ? min(e - s, (u64)(1 << 20)) : 0;
	if (b->len + want > b->size) {
		b->overflow = true;	/* retried with a bigger buffer */
	} else {
		b->len += access_process_vm(mm, s, b->buf + b->len, want);
	}
	mmput(mm);
	return 0;
}

static int show_cmdline(struct inode *ip, struct pbuf *b)
{
	return show_mem_range(ip, b, false);
}

static int show_environ(struct inode *ip, struct pbuf *b)
{
	return show_mem_range(ip, b, true);
}

static int show_comm(struct inode *ip, struct pbuf *b)
{
	char comm[TASK_COMM_LEN];

	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (t)
		memcpy(comm, t->comm, sizeof(comm));
	spin_unlock(&tasklist_lock);
	if (!t)
		return -ESRCH;
	comm[TASK_COMM_LEN - 1] = 0;
	pprintf(b, "%s\n", comm);
	return 0;
}

static ssize_t write_comm(struct inode *ip, const char *buf, size_t n)
{
	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (t) {
		size_t k = min(n, (size_t)TASK_COMM_LEN - 1);
		if (k && buf[k - 1] == '\n')
			k--;
		memcpy(t->comm, buf, k);
		t->comm[k] = 0;
	}
	spin_unlock(&tasklist_lock);
	return t ? (ssize_t)n : -ESRCH;
}

static int show_maps(struct inode *ip, struct pbuf *b)
{
	int err = 0;
	struct mm_struct *mm = task_mm(ip, &err);
	struct list_head *pos;

	if (err || !mm)
		return err;
	spin_lock(&mm->lock);
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *a = list_entry(pos, struct vm_area_struct, vm_list);
		const char *name = "";
		if (a->vm_flags & VM_GROWSDOWN)
			name = "[stack]";
		else if (a->vm_flags & VM_SPECIAL)
			name = "[vdso]";
		else if (mm->brk > mm->start_brk && a->vm_start < mm->brk && mm->start_brk < a->vm_end)
			name = "[heap]";
		pprintf(b, "%08lx-%08lx %c%c%c%c 00000000 00:00 0 %s%s\n", a->vm_start, a->vm_end,
			(a->vm_flags & VM_READ) ? 'r' : '-', (a->vm_flags & VM_WRITE) ? 'w' : '-',
			(a->vm_flags & VM_EXEC) ? 'x' : '-', (a->vm_flags & VM_SHARED) ? 's' : 'p',
			*name ? "                          " : "", name);
	}
	spin_unlock(&mm->lock);
	mmput(mm);
	return 0;
}

static int show_mounts(struct inode *ip, struct pbuf *b)
{
	size_t len;

	mounts_show(b->buf + b->len, b->size - b->len, &len);
	if (b->len + len + 1 >= b->size)
		b->overflow = true;
	b->len += len;
	return 0;
}

/* fault injection, per task (Linux's /proc/<pid>/fail-nth) */
static int show_fail_nth(struct inode *ip, struct pbuf *b)
{
	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	int v = t ? t->fail_nth : 0;
	spin_unlock(&tasklist_lock);
	if (!t)
		return -ESRCH;
	pprintf(b, "%d\n", v);
	return 0;
}

/* A decimal number, optionally followed by white space. */
long parse_decimal(const char *buf, size_t n, long max)
{
	long v = 0;
	size_t i = 0;

	for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
		v = v * 10 + (buf[i] - '0');
		if (v > max)
			return -EINVAL;
	}
	if (i == 0)
		return -EINVAL;
	for (; i < n; i++)
		if (buf[i] != '\n' && buf[i] != ' ' && buf[i] != '\t')
			return -EINVAL;
	return v;
}

static ssize_t write_fail_nth(struct inode *ip, const char *buf, size_t n)
{
	long v = parse_decimal(buf, n, 0x7fffffff);

	if (v < 0)
		return v;
	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (t)
		t->fail_nth = (int)v;
	spin_unlock(&tasklist_lock);
	return t ? (ssize_t)n : -ESRCH;
}

/* ---- links: exe, cwd, root ---- */

static int path_link(struct inode *target, struct file *f, char *buf, size_t n, bool deleted)
{
	char *k = kmalloc(MAXPATH), *p;
	int err;

	if (!k)
		return -ENOMEM;
	if (target->i_sb->s_magic == PIPEFS_MAGIC) {
		err = snprintf(buf, n, "pipe:[%lu]", target->i_ino);
		kfree(k);
		return min((size_t)err, n);
	}
	if (target->i_sb->s_magic == ANON_INODE_FS_MAGIC) {
		err = snprintf(buf, n, "anon_inode:%s", (const char *)target->i_private);
		kfree(k);
		return min((size_t)err, n);
	}
	p = f ? file_path(f, k, MAXPATH, &err) : inode_path(target, k, MAXPATH, &err);
	if (p) {
		err = snprintf(buf, n, "%s%s", p, deleted ? " (deleted)" : "");
		err = min((size_t)err, n);
	}
	kfree(k);
	return err;
}

static int link_exe(struct inode *ip, char *buf, size_t n)
{
	struct file *f = NULL;
	int err = 0;
	struct mm_struct *mm = task_mm(ip, &err);

	if (!mm)
		return err ? err : -ENOENT;
	spin_lock(&mm->lock);
	if (mm->exe_file)
		f = filedup(mm->exe_file);
	spin_unlock(&mm->lock);
	mmput(mm);
	if (!f)
		return -ENOENT;
	err = path_link(f->f_inode, f, buf, n, f->f_inode->i_nlink == 0);
	fput(f);
	return err;
}

static int link_dir(struct inode *ip, char *buf, size_t n, bool root)
{
	struct inode *d = NULL;

	spin_lock(&tasklist_lock);
	struct task_struct *t = task_of(ip);
	if (t && t->fs) {
		spin_lock(&t->fs->lock);
		d = root ? t->fs->root : t->fs->cwd;
		if (d)
			idup(d);
		spin_unlock(&t->fs->lock);
	}
	spin_unlock(&tasklist_lock);
	if (!d)
		return -ENOENT;
	int err = path_link(d, NULL, buf, n, d->i_nlink == 0);
	iput(d);
	return err;
}

static int link_cwd(struct inode *ip, char *buf, size_t n)
{
	return link_dir(ip, buf, n, false);
}

static int link_root(struct inode *ip, char *buf, size_t n)
{
	return link_dir(ip, buf, n, true);
}

/* ---- fd/ and fdinfo/ ---- */

static struct files_struct *task_files(pid_t pid)
{
	struct files_struct *files = NULL;

	spin_lock(&tasklist_lock);
	struct task_struct *t = find_task_by_pid(pid);
	if (t && t->exit_state != EXIT_DEAD && (files = t->files))
		atomic_inc(&files->count);
	spin_unlock(&tasklist_lock);
	return files;
}

static struct file *fd_file(struct inode *ip)
{
	struct files_struct *files = task_files(PI(ip)->pid);
	struct file *f;

	if (!files)
		return NULL;
	f = fget_task(files, PI(ip)->fd);
	files_put(files);
	return f;
}

static int link_fd(struct inode *ip, char *buf, size_t n)
{
	struct file *f = fd_file(ip);
	int err;

	if (!f)
		return -ENOENT;
	err = path_link(f->f_inode, f, buf, n, f->f_inode->i_nlink == 0 &&
			f->f_inode->i_sb->s_magic != PIPEFS_MAGIC);
	fput(f);
	return err;
}

static int show_fdinfo(struct inode *ip, struct pbuf *b)
{
	struct file *f = fd_file(ip);

	if (!f)
		return -ENOENT;
	spin_lock(&f->f_pos_lock);
	off_t pos = f->f_pos;
	unsigned flags = f->f_flags;
	spin_unlock(&f->f_pos_lock);
	pprintf(b, "pos:\t%ld\nflags:\t0%o\nmnt_id:\t0\nino:\t%lu\n", pos, flags, f->f_inode->i_ino);
	if (f->f_op->fdinfo) {
		char extra[128];
		if (f->f_op->fdinfo(f, extra, sizeof(extra)) > 0)
			pprintf(b, "%s", extra);
	}
	fput(f);
	return 0;
}

static const struct proc_entry fd_link_entry = { "fd", S_IFLNK | 0700, 1, .link = link_fd };
static const struct proc_entry fdinfo_file_entry = { "fdinfo", S_IFREG | 0400, 2, .show = show_fdinfo };

static struct inode *fd_lookup_common(struct inode *dir, const char *name, int *err,
				      const struct proc_entry *e)
{
	long fd = parse_decimal(name, strlen(name), NOFILE_MAX);
	struct files_struct *files;
	struct file *f = NULL;
	struct inode *ip;

	if (strcmp(name, "..") == 0)
		return proc_make_inode(dir->i_sb, PI(dir)->pid, PI(dir)->ent->parent, 0);
	if (fd >= 0 && (files = task_files(PI(dir)->pid))) {
		f = fget_task(files, fd);
		files_put(files);
	}
	if (!f) {
		*err = -ENOENT;
		return NULL;
	}
	fput(f);
	if (!(ip = proc_make_inode(dir->i_sb, PI(dir)->pid, e, fd)))
		*err = -ENOMEM;
	return ip;
}

static struct inode *fd_lookup(struct inode *dir, const char *name, int *err)
{
	return fd_lookup_common(dir, name, err, &fd_link_entry);
}

static struct inode *fdinfo_lookup(struct inode *dir, const char *name, int *err)
{
	return fd_lookup_common(dir, name, err, &fdinfo_file_entry);
}

/* Positions: 0, 1 the dots, then 2 + fd. */
static int fd_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	bool links = PI(dir)->ent->iops->lookup == fd_lookup;
	struct files_struct *files;
	char name[12];

	if (!proc_emit_dots(ctx, dir))
		return 0;
	if (!(files = task_files(PI(dir)->pid)))
		return 0;
	for (int fd; (fd = files_next_fd(files, ctx->pos - 2)) >= 0;) {
		ctx->pos = fd + 2;
		int n = snprintf(name, sizeof(name), "%d", fd);
		if (!ctx->emit(ctx, name, n, 0x100000 + fd, links ? DT_LNK : DT_REG))
			break;
		ctx->pos = fd + 3;
	}
	files_put(files);
	return 0;
}

static const struct inode_operations fd_iops = { .lookup = fd_lookup };
static const struct inode_operations fdinfo_iops = { .lookup = fdinfo_lookup };
static const struct file_operations fd_fops = { .iterate = fd_iterate };

/* ---- task/ ---- */

static struct inode *task_lookup(struct inode *dir, const char *name, int *err)
{
	long tid = parse_decimal(name, strlen(name), PID_MAX);
	bool ok = false;

	if (strcmp(name, "..") == 0)
		return proc_make_inode(dir->i_sb, PI(dir)->pid, &proc_pid_entry, 0);
	if (tid > 0) {
		spin_lock(&tasklist_lock);
		struct task_struct *t = find_task_by_pid(tid);
		ok = t && t->tgid == PI(dir)->pid && t->exit_state != EXIT_DEAD;
		spin_unlock(&tasklist_lock);
	}
	if (!ok) {
		*err = -ENOENT;
		return NULL;
	}
	extern const struct proc_entry proc_tid_entry;
	struct inode *ip = proc_make_inode(dir->i_sb, tid, &proc_tid_entry, 0);
	if (!ip)
		*err = -ENOMEM;
	return ip;
}

static int task_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	char name[12];

	if (!proc_emit_dots(ctx, dir))
		return 0;
	for (;;) {
		pid_t best = -1;
		struct list_head *pos;

		spin_lock(&tasklist_lock);
		list_for_each(pos, &all_tasks) {
			struct task_struct *t = list_entry(pos, struct task_struct, tasks);
			if (t->tgid == PI(dir)->pid && t->pid >= ctx->pos - 2 &&
			    t->exit_state != EXIT_DEAD && (best < 0 || t->pid < best))
				best = t->pid;
		}
		spin_unlock(&tasklist_lock);
		if (best < 0)
			break;
		ctx->pos = best + 2;
		int n = snprintf(name, sizeof(name), "%d", best);
		if (!ctx->emit(ctx, name, n, ((u64)best << 16) + 2, DT_DIR))
			break;
		ctx->pos = best + 3;
	}
	return 0;
}

static const struct inode_operations task_iops = { .lookup = task_lookup };
static const struct file_operations task_fops = { .iterate = task_iterate };

/* ---- the tables ---- */

#define PID_FILES(PARENT)							\
	{ "stat", S_IFREG | 0444, 10, .show = show_stat },			\
	{ "status", S_IFREG | 0444, 11, .show = show_status },			\
	{ "statm", S_IFREG | 0444, 12, .show = show_statm },			\
	{ "cmdline", S_IFREG | 0444, 13, .show = show_cmdline },		\
	{ "comm", S_IFREG | 0644, 14, .show = show_comm, .write = write_comm },	\
	{ "environ", S_IFREG | 0400, 15, .show = show_environ },		\
	{ "maps", S_IFREG | 0444, 16, .show = show_maps },			\
	{ "mounts", S_IFREG | 0444, 17, .show = show_mounts },			\
	{ "exe", S_IFLNK | 0777, 18, .link = link_exe },			\
	{ "cwd", S_IFLNK | 0777, 19, .link = link_cwd },			\
	{ "root", S_IFLNK | 0777, 20, .link = link_root },			\
	{ "fail-nth", S_IFREG | 0644, 21, .show = show_fail_nth, .write = write_fail_nth, .small = true }, \
	{ "fd", S_IFDIR | 0500, 22, .iops = &fd_iops, .fops = &fd_fops,		\
	  .parent = PARENT, .parent_has_pid = true },				\
	{ "fdinfo", S_IFDIR | 0500, 23, .iops = &fdinfo_iops, .fops = &fd_fops,	\
	  .parent = PARENT, .parent_has_pid = true }

extern const struct proc_entry proc_tid_entry;
static const struct proc_entry pid_children[] = {
	PID_FILES(&proc_pid_entry),
	{ "task", S_IFDIR | 0555, 24, .iops = &task_iops, .fops = &task_fops,
	  .parent = &proc_pid_entry, .parent_has_pid = true },
	{ 0 }
};
static const struct proc_entry tid_children[] = {
	PID_FILES(&proc_tid_entry),
	{ 0 }
};
const struct proc_entry proc_pid_entry = {
	"pid", S_IFDIR | 0555, 1, .children = pid_children,
};
/* A thread's directory: its ".." is the task/ of its group, which
 * procfs finds again by the tid's group (good enough: "..": /proc). */
const struct proc_entry proc_tid_entry = {
	"tid", S_IFDIR | 0555, 2, .children = tid_children,
};
