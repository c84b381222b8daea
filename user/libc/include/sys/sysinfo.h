#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

/* Linux struct sysinfo for 64-bit (112 bytes). */
struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char __reserved[4];
};

int sysinfo(struct sysinfo *info);

#endif
