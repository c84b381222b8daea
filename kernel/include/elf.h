/* ELF64 file structures: exec reads programs (kernel/exec.c), core dumps
 * write them (kernel/elfcore.c). */
#ifndef CLEAVE_ELF_H
#define CLEAVE_ELF_H
#include "types.h"

#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4
#define EM_RISCV 243
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4

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
/* A note: this header, the name (padded to 4), the descriptor (padded to 4). */
struct elf64_nhdr {
	u32 n_namesz, n_descsz, n_type;
};
#endif
