/* Hard bounds on what a spec or program may declare, so that no input can
 * exhaust the stack or memory. Documented in docs/isa-spec.md. */
#ifndef VC_LIMITS_H
#define VC_LIMITS_H

#define VC_MAX_SOURCE_BYTES (1u << 20) /* one .isa or .s file */
#define VC_MAX_NESTING 64              /* nesting of expressions and blocks */
#define VC_MAX_EXPR_HEIGHT 256         /* one expression tree, operator chains included */
#define VC_MAX_PARAMS 32
#define VC_MAX_MODES 8
#define VC_MAX_REGS 48
#define VC_MAX_VARS (4 + VC_MAX_REGS) /* mode, pc, reloc, bound, registers */
#define VC_MAX_PSW 16
#define VC_MAX_VECTORS 8
#define VC_MAX_FIELDS 64
#define VC_MAX_INSNS 256
#define VC_MAX_OPERANDS 4
#define VC_MAX_MATCHES 8
#define VC_MAX_CALL_ARGS 4
#define VC_MAX_BLOCK_STMTS 256
#define VC_MAX_INSN_EXPRS 4096 /* IR nodes in one instruction */
#define VC_MAX_INSN_STMTS 1024
#define VC_MAX_LOCALS 128
#define VC_MAX_STORES 32 /* storage writes one instruction (or trap entry) may make */
#define VC_MAX_REFINE_BITS 12 /* a refined operand: classes per value, 4096 values at most */
#define VC_MAX_ADDR_WIDTH 58 /* pc, reloc, bound: l + a + k stays exact in 64 bits */
#define VC_MAX_MEM (1u << 20) /* storage words */
#define VC_MAX_KEY_BYTES 1024 /* one packed state of the lockstep explorer */
#define VC_MAX_THREADS 64
#define VC_MAX_PROGRAM_DEPTH 64 /* instructions in an explored program */
#define VC_MAX_STACK 8 /* monitors stacked one on another */
#define VC_MAX_REPORT_DEPTH 8 /* the report's lockstep programs */

/* Defaults of the checker's limits, shared by every command that has them. */
#define VC_DEFAULT_TIMEOUT_MS 10000       /* one SMT query */
#define VC_DEFAULT_MAX_STATES 20000000    /* one exhaustive query */
#define VC_DEFAULT_WALK_STATES 5000000    /* the report's lockstep runs */
#define VC_DEFAULT_GUEST_STEPS 100000     /* the report's run of a bundled guest OS */
#define VC_DEFAULT_MAX_MEMORY_MB 4096     /* a lockstep exploration's states and frontier */
#define VC_MAX_DOMAIN_WORDS 65536 /* instruction words a program draws from */

#endif
