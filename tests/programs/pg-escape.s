; pg-classic: a supervisor widens its bound past the end of its storage and
; stores there: a memory trap on the bare machine, caught by its handler.
        .org 0
old:    .word 0, 0, 0, 0
        .word s, caught, 0, 63          ; memory trap
        .word s, caught, 0, 63
        .word s, caught, 0, 63
        .word s, caught, 0, 63
        .org 20
        .entry start
start:  setr wide                       ; R = (0, 200)
        ldi 99
        store 100                       ; within the bound, past storage
        halt
caught: load old + 1                    ; the faulting pc
        store where
        halt
wide:   .word 0, 200
where:  .word 0
