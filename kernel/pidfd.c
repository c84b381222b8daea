/* Process file descriptors: pidfd_open (434), CLONE_PIDFD (clone and
 * clone3), pidfd_send_signal (424), pidfd_getfd (438), waitid(P_PIDFD)
 * and poll.
 *
 * A pidfd names one process (a thread group) for as long as it is open,
 * even after the process is reaped and its pid is given to another: the
 * file holds a reference on the group's signal_struct (sig->count), and
 * the process is "the task with this pid whose signal struct is sig".
 * A pid can only come back for another process once the old one is
 * reaped, and the new one has another signal struct (ours cannot be
 * freed and reused while we hold it), so the pair never names anybody
 * else.
 *
 * poll: POLLIN once every thread of the group has exited (sig->live is
 * 0: the leader is a zombie or gone), POLLHUP as well once it has been
 * reaped. exit calls poll_wakeup() when a group's last thread leaves.
 *
 * A pidfd made by CLONE_PIDFD exists before its child: the file and its
 * descriptor come first (so running out of either fails the clone before
 * anything is created), and pid/sig are filled in once copy_process has
 * succeeded, before the child can run. Until then, and forever if the
 * clone failed while another thread kept a copy of the descriptor, the
 * pidfd names nobody: ESRCH. pid and sig are written once (release
 * store of pid after sig), read with an acquire load of pid. */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <printk.h>
#include <sched.h>
#include <signal.h>
#include <clone.h>
#include <uaccess.h>
#include <syscalls.h>
#include "signal_internal.h"

#define PIDFD_NONBLOCK O_NONBLOCK

struct pidfd {
	pid_t pid;			/* 0 until it names a process */
	struct signal_struct *sig;	/* referenced */
};

static const struct file_operations pidfd_fops;

/* The pidfd behind f, or NULL if f is something else. */
static struct pidfd *pidfd_of(struct file *f)
{
	return f && f->f_op == &pidfd_fops ? f->private_data : NULL;
}

/* Its process's leader (alive, zombie), or NULL once reaped or while the
 * pidfd names nobody. tasklist_lock held. */
static struct task_struct *pidfd_task(struct pidfd *pf)
{
	pid_t pid = __atomic_load_n(&pf->pid, __ATOMIC_ACQUIRE);
	if (!pid)
		return NULL;
	struct task_struct *p = find_task_by_pid(pid);
	return p && p->signal == pf->sig && p->exit_state != EXIT_DEAD ? p : NULL;
}

static int pidfd_poll(struct file *f)
{
	struct pidfd *pf = f->private_data;
	if (!__atomic_load_n(&pf->pid, __ATOMIC_ACQUIRE))
		return 0;
	spin_lock(&tasklist_lock);
	bool reaped = !pidfd_task(pf);
	spin_unlock(&tasklist_lock);
	if (reaped)
		return POLLIN | POLLRDNORM | POLLHUP;
	return READ_ONCE(pf->sig->live) == 0 ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct inode *ip, struct file *f)
{
	struct pidfd *pf = f->private_data;
	(void)ip;
	if (pf->sig)
		put_signal(pf->sig);
	kfree(pf);
}

/* "Pid:" as Linux shows it: the pid while the process exists (a zombie
 * too), -1 once reaped, 0 while the pidfd names nobody yet. */
static int pidfd_fdinfo(struct file *f, char *buf, size_t n)
{
	struct pidfd *pf = f->private_data;
	pid_t nr = __atomic_load_n(&pf->pid, __ATOMIC_ACQUIRE);
	if (nr) {
		spin_lock(&tasklist_lock);
		if (!pidfd_task(pf))
			nr = -1;
		spin_unlock(&tasklist_lock);
	}
	return snprintf(buf, n, "Pid:\t%d\nNSpid:\t%d\n", nr, nr);
}

static const struct file_operations pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
	.llseek = no_llseek,
	.fdinfo = pidfd_fdinfo,
};

/* A new pidfd file naming nobody yet. */
static int pidfd_file(unsigned int flags, struct file **out)
{
	struct pidfd *pf = kzalloc(sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	int err = anon_inode_file("[pidfd]", &pidfd_fops, pf, O_RDWR | (flags & O_NONBLOCK), out);
	if (err)
		kfree(pf);
	return err;
}

/* Point pf at p's process. tasklist_lock held, or p not yet running. */
static void pidfd_attach(struct pidfd *pf, struct task_struct *p)
{
	atomic_inc(&p->signal->count);
	pf->sig = p->signal;
	__atomic_store_n(&pf->pid, p->tgid, __ATOMIC_RELEASE);
}

SYSCALL_DEFINE2(pidfd_open, pid_t, pid, unsigned int, flags)
{
	if (flags & ~PIDFD_NONBLOCK)
		return -EINVAL;	/* PIDFD_THREAD (thread pidfds) is not supported */
	if (pid <= 0)
		return -EINVAL;
	struct file *f;
	int err = pidfd_file(flags, &f);
	if (err)
		return err;
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(pid);
	if (!p || p->exit_state == EXIT_DEAD)
		err = -ESRCH;
	else if (p->tgid != pid)
		err = -ENOENT;	/* a thread, not a process (Linux 6.18 says so) */
	else
		pidfd_attach(f->private_data, p);
	spin_unlock(&tasklist_lock);
	if (err) {
		fput(f);
		return err;
	}
	int fd = fd_install(f, 0, true);	/* always close-on-exec */
	if (fd < 0)
		fput(f);
	return fd;
}

/* ---- CLONE_PIDFD (kernel_clone) ---- */

int pidfd_clone_prepare(struct pidfd_clone *pc)
{
	int err = pidfd_file(0, &pc->file);
	if (err)
		return err;
	pc->fd = fd_install(filedup(pc->file), 0, true);	/* the table's reference */
	if (pc->fd < 0) {
		fput(pc->file);
		fput(pc->file);
		return pc->fd;
	}
	return 0;
}

/* copy_process failed: take the descriptor back, unless another thread
 * has already closed or replaced it. */
void pidfd_clone_abort(struct pidfd_clone *pc)
{
	fd_remove_file(current->files, pc->fd, pc->file);
}

/* p exists and has not run. A child with its own table got a copy of the
 * descriptor: it goes (Linux installs it after the copy). */
void pidfd_clone_commit(struct pidfd_clone *pc, struct task_struct *p)
{
	if (p->files != current->files)
		fd_remove_file(p->files, pc->fd, pc->file);
	pidfd_attach(pc->file->private_data, p);
}

/* Either way: the clone's own reference goes. */
void pidfd_clone_done(struct pidfd_clone *pc)
{
	fput(pc->file);
}

/* ---- pidfd_send_signal, pidfd_getfd, waitid ---- */

SYSCALL_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, const void __user *, uinfo,
		unsigned int, flags)
{
	struct ksiginfo info = { .signo = sig, .code = SI_USER, .pid = current->tgid };
	if (flags)
		return -EINVAL;	/* PIDFD_SIGNAL_* scopes are not supported */
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	struct file *f = fget(pidfd);
	if (!f)
		return -EBADF;
	struct pidfd *pf = pidfd_of(f);
	long r = pf ? 0 : -EBADF;
	if (!r && uinfo) {
		if (copy_siginfo_from_user(&info, uinfo))
			r = -EFAULT;
		else if (info.signo != sig)
			r = -EINVAL;
		/* Only a process's own leader thread may pose as the kernel,
		 * kill() or tkill() (as rt_sigqueueinfo). */
		else if ((info.code >= 0 || info.code == SI_TKILL) && current->pid != pf->pid)
			r = -EPERM;
	}
	if (!r) {
		spin_lock(&tasklist_lock);
		struct task_struct *p = pidfd_task(pf);
		if (!p)
			r = -ESRCH;
		else if (sig)
			r = send_signal_info(p, &info, true);
		spin_unlock(&tasklist_lock);
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE3(pidfd_getfd, int, pidfd, int, targetfd, unsigned int, flags)
{
	if (flags)
		return -EINVAL;
	struct file *f = fget(pidfd);
	if (!f)
		return -EBADF;
	struct pidfd *pf = pidfd_of(f);
	if (!pf) {
		fput(f);
		return -EBADF;
	}
	struct files_struct *files = NULL;
	spin_lock(&tasklist_lock);
	struct task_struct *p = pidfd_task(pf);
	if (p && (files = p->files))
		atomic_inc(&files->count);
	spin_unlock(&tasklist_lock);
	fput(f);
	if (!p)
		return -ESRCH;
	if (!files)
		return -EBADF;	/* exited: no descriptors left (Linux) */
	struct file *t = fget_task(files, targetfd);
	files_put(files);
	if (!t)
		return -EBADF;
	int fd = fd_install(t, 0, true);	/* close-on-exec, as Linux */
	if (fd < 0)
		fput(t);
	return fd;
}

/* waitid(P_PIDFD, fd): the process it names, as (pid, sig) for do_wait,
 * with the file in *held (the caller fputs it after the wait, so sig
 * cannot be freed and reused meanwhile); *nonblock: opened O_NONBLOCK. */
int pidfd_wait_target(int fd, pid_t *pid, struct signal_struct **sig, bool *nonblock,
		      struct file **held)
{
	struct file *f = fget(fd);
	struct pidfd *pf = pidfd_of(f);
	if (!pf) {
		if (f)
			fput(f);
		return -EBADF;
	}
	*pid = __atomic_load_n(&pf->pid, __ATOMIC_ACQUIRE);
	*sig = pf->sig;
	*nonblock = f->f_flags & O_NONBLOCK;
	*held = f;
	return 0;
}
