; x86: a ring-0 kernel sets IF with POPF, then halts.
        .org 0
        .word 0, 0, 0, 0
        .word ring0, stop, 0, 63
        .org 8
        .entry start
start:  popf flags                      ; IF := bit 1 of flags (ring 0 only)
stop:   hlt
flags:  .word 2
