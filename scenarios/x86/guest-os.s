; A small x86 operating system: it sets up its trap handling, turns
; interrupts off while it loads its descriptor tables, turns them back on
; with POPF, saves its flags with PUSHF, drops to a user program with IRET,
; serves the program's system call (INT 0) and stops it at its HLT, which
; faults at CPL 3. POPF, PUSHF and IRET are critical: under trap-and-emulate
; this kernel ends with IF clear and never reaches user mode as it should;
; `virtcheck paravirt` rewrites them into hypercalls.
        .org 0
old:    .word 0, 0, 0, 0                ; the old PSW: CS (CPL), EIP, base, limit
new:    .word 0, 0, 0, 0                ; the new PSW, set at boot
        .org 8
        .entry boot
boot:   mov hmode                       ; trap handling: every trap enters
        movst 4                         ; `handler` at CPL 0
        mov hpc
        movst 5
        mov hbase
        movst 6
        mov hlimit
        movst 7
        cli                             ; no interrupts while the tables load
        lgdt gdtaddr
        lidt idtaddr
        popf ifon                       ; IF := 1
        pushf flags                     ; what the kernel sees: IF set
        iret upsw                       ; to the user program at CPL 3
handler: mov calls                      ; a trap from the user program
        add one
        movst calls
        cmp two
        jz finish                       ; the second: its HLT faulted
        mov 1                           ; the first, its system call:
        add one                         ; resume after the INT
        movst 1
        iret 0
finish: hlt
hmode:  .word ring0
hpc:    .word handler
hbase:  .word 0
hlimit: .word 63
upsw:   .word ring3, 0, 50, 7           ; the user program: CPL 3, EIP 0, base 50, limit 7
ifon:   .word 2                         ; EFLAGS with IF (bit 1)
flags:  .word 0
calls:  .word 0
one:    .word 1
two:    .word 2
gdtaddr: .word gdt
idtaddr: .word idt
        .org 50
user:   mov 5                           ; (virtual addresses from here)
        add 6
        movst 7
        int 0                           ; system call
        hlt                             ; faults at CPL 3: the kernel stops it
        .word 20, 22, 0
gdt:    .word 0                         ; descriptor 0
idt:    .word 3                         ; gate 0: DPL 3, user programs may INT 0
; words 60-63 stay free: `virtcheck paravirt` keeps its table there
