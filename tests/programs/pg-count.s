; pg-classic: count down from 9 in supervisor mode, then halt.
        .org 20
        .entry loop
loop:   load n
        sub one
        store n
        cmp zero
        beq done
        jmp loop
done:   halt
n:      .word 9
one:    .word 1
zero:   .word 0
