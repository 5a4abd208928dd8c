/* What the benchmarks share: a compute-bound pg-classic program and a clock
 * that is steadier than wall time on a shared machine. */
#ifndef VC_BENCH_H
#define VC_BENCH_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* A count-down loop: six instructions per iteration, 4095 iterations. */
static const char *const COUNTDOWN = "        .org 20\n"
                                     "        .entry loop\n"
                                     "loop:   load n\n"
                                     "        sub one\n"
                                     "        store n\n"
                                     "        cmp zero\n"
                                     "        beq done\n"
                                     "        jmp loop\n"
                                     "done:   halt\n"
                                     "n:      .word 4095\n"
                                     "one:    .word 1\n"
                                     "zero:   .word 0\n";

/* One figure against its target (issue 15), as a line `make bench`
 * gathers into one table, ratios first: "target|ORDER|FIGURE|TODAY|GOAL|met". */
static inline void bench_target(int order, const char *figure, const char *today, double value,
                                const char *goal, bool met)
{
  (void)value;
  printf("target|%d|%s|%s|%s|%s\n", order, figure, today, goal, met ? "met" : "NOT met");
}

/* CPU time of this thread, in seconds. */
static inline double cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
