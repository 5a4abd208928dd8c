; A reference solution: the user program runs at l = 48, b = 7; svc is
; counted in word 60, a memory trap records the faulting pc in word 61.
        .org 0
old:    .word 0, 0, 0, 0                ; the old PSW
        .word s, fault, 0, 63           ; memory trap
        .word s, stop, 0, 63            ; privileged instruction in user mode
        .word s, call, 0, 63            ; supervisor call
        .word s, stop, 0, 63            ; illegal opcode

        .org 20
        .entry boot
boot:   lpsw user
call:   store acc_save                  ; keep the user's accumulator
        load calls
        add one
        store calls
        load old + 1                    ; resume after the svc
        add one
        store old + 1
        load acc_save
        lpsw old
fault:  load old + 1                    ; the faulting pc, virtual
        store fault_pc
stop:   halt

one:      .word 1
acc_save: .word 0
user:     .word u, 0, 48, 7

        .org 48
        ldi 5
        svc
        store 6
        load 9

        .org 60
calls:    .word 0
fault_pc: .word 0
