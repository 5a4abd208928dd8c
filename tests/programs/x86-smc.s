; x86: a ring-0 kernel rewrites code it has run. The loop's POPF (critical,
; so a translating monitor runs it from its code cache) is overwritten by
; another POPF on the first pass; the second pass must run the new one: the
; write invalidates the translated block. Ends with IF set (under
; trap-and-emulate it stays clear).
        .org 0
        .word 0, 0, 0, 0
        .word ring0, stop, 0, 63
        .org 8
        .entry start
start:  mov count
        add one
        movst count
        cmp three
        jz done
loop:   popf clear              ; first pass: IF := 0
        mov newcode
        movst loop              ; the next pass runs "popf flags"
        jmp start
done:   hlt
stop:   hlt
flags:  .word 2
clear:  .word 0
count:  .word 0
one:    .word 1
three:  .word 3
newcode: popf flags
