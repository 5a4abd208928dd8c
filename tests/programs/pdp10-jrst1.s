; pdp10: the executive enters user mode with JRST 1; the user program's
; HALT then traps back to the executive, which halts.
        .org 0
old:    .word 0, 0, 0, 0
        .word exec, stop, 0, 63         ; every cause: executive mode at stop
        .org 8
        .entry start
start:  jrst1 uprog                     ; JRST 1,: jump, and enter user mode
uprog:  move data                       ; user mode on the bare machine
        halt                            ; privileged: traps to the executive
stop:   halt
data:   .word 5
