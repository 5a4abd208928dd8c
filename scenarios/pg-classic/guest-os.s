; A guest operating system for pg-classic. It enters a user program through
; lpsw, counts the program's supervisor calls, and when the program touches a
; word beyond its bound it records where and halts.
;
; Physical storage:  0..3 old PSW   4..19 new PSWs (memory, privilege,
; syscall, illegal)   20.. supervisor code and data   48..55 the user region.

        .org 0
old:    .word 0, 0, 0, 0
        .word s, memfault, 0, 63        ; memory trap: supervisor, l = 0, b = 63
        .word s, stop, 0, 63            ; privileged instruction in user mode
        .word s, syscall, 0, 63         ; supervisor call
        .word s, stop, 0, 63            ; illegal opcode

        .org 20
        .entry boot
boot:   lpsw user_psw                   ; drop to the user program
syscall:
        store saved_acc                 ; keep the user's accumulator
        load calls                      ; count the call
        add one
        store calls
        load old + 1                    ; resume after the svc: saved pc + 1
        add one
        store old + 1
        load saved_acc
        lpsw old
memfault:
        load old + 1                    ; where the user program faulted
        store fault_pc
stop:   halt

one:      .word 1
calls:    .word 0
fault_pc: .word 0
saved_acc: .word 0
user_psw: .word u, 0, 48, 7             ; user mode, pc 0, l = 48, b = 7

        .org 48                         ; the user program, virtual 0..7
        ldi 5                           ; 0
        svc                             ; 1: a supervisor call
        store 6                         ; 2: its own word 6 (physical 54)
        load 9                          ; 3: beyond its bound: a memory trap
