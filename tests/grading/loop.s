; jumps to itself for ever
        .org 20
        .entry here
here:   jmp here
