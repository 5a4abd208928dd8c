/* Building monitor stacks: Theorem 2's recursive virtualization. */
#include "vmm.h"

uint64_t vmm_stack_region(const Isa *isa, unsigned depth, uint64_t base)
{
  return (uint64_t)(depth - 1) * monitor_reserved(isa) + base;
}

bool monitor_applies(const Isa *isa, MonitorKind kind, unsigned depth, GError **err)
{
  if (kind != MON_ASSIST || (isa->guest_var >= 0 && depth == 1))
    return true;
  g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
              isa->guest_var < 0
                  ? "the assisted monitor needs a virtualization extension, and %s declares "
                    "none (expected a register 'reg NAME : 1 resource guest;')"
                  : "the assisted monitor runs one deep only (%s's extension does not nest)",
              isa->name);
  return false;
}

bool vmm_stack_fits(const Isa *isa, unsigned depth, uint64_t base, unsigned n, GError **err)
{
  if (depth < 1 || depth > VC_MAX_STACK || n < 1) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "expected 1..%d monitors and a guest",
                VC_MAX_STACK);
    return false;
  }
  /* The host is the same machine grown to fit: its storage holds each
   * level's trap vectors and the guests, up to the physical addresses every
   * engine computes with. Where a guest's relocated words lie beyond
   * 2^addr the host's relocation register cannot reach them, so f does not
   * run it directly there (fmap.c): it is interpreted. */
  uint64_t size = vmm_stack_region(isa, depth, base) + (uint64_t)n * isa->mem;
  uint64_t most = ir_mask(ir_phys_width(isa)) + 1;
  if (size <= most)
    return true;
  g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
              "%u guest%s of %" G_GUINT64_FORMAT " words from word %" G_GUINT64_FORMAT
              " under %u monitor%s need%s %" G_GUINT64_FORMAT " words of host storage, beyond "
              "the %" G_GUINT64_FORMAT " the host can grow to (the rule: guests x mem + the "
              "guest base + %" G_GUINT64_FORMAT " reserved words per monitor below the top <= "
              "2^%u, %s's physical addresses; give fewer guests or a smaller mem with --param)",
              n, n == 1 ? "" : "s", isa->mem, base, depth, depth == 1 ? "" : "s",
              n == 1 ? "s" : "", size, most, monitor_reserved(isa), ir_phys_width(isa),
              isa->name);
  return false;
}

VmStack *vmm_stack_new(const Isa *isa, MonitorKind kind, unsigned depth, uint64_t base,
                       unsigned n, const TranslationSet *ts, GError **err)
{
  uint64_t reserved = monitor_reserved(isa);
  if (!monitor_applies(isa, kind, depth, err))
    return NULL;
  if (base < reserved) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "guest base %" G_GUINT64_FORMAT ": the monitor keeps host words 0..%" G_GUINT64_FORMAT
                " (its trap vectors); a guest starts at %" G_GUINT64_FORMAT " or above",
                base, reserved - 1, reserved);
    return NULL;
  }
  if (!vmm_stack_fits(isa, depth, base, n, err))
    return NULL;
  uint64_t size = vmm_stack_region(isa, depth, base) + (uint64_t)n * isa->mem;
  VmStack *s = g_new0(VmStack, 1);
  s->bare = machine_new_sized(isa, size);
  s->levels[0] = vm_bare(s->bare);
  s->depth = depth;
  for (unsigned k = 0; k < depth; k++) {
    s->mons[k] = monitor_new(kind, s->levels[k], ts);
    if (k + 1 < depth)
      s->levels[k + 1] = monitor_guest(s->mons[k], reserved, s->levels[k]->m->size - reserved);
  }
  s->nguests = n;
  s->guests = g_new0(Vm *, n);
  for (unsigned i = 0; i < n; i++)
    s->guests[i] = monitor_guest(s->mons[depth - 1], base + i * isa->mem, isa->mem);
  return s;
}

void vmm_stack_free(VmStack *s)
{
  if (!s)
    return;
  for (unsigned i = 0; i < s->nguests; i++)
    vm_free(s->guests[i]);
  g_free(s->guests);
  for (unsigned k = 0; k < s->depth; k++) {
    monitor_free(s->mons[k]);
    vm_free(s->levels[k]);
  }
  machine_free(s->bare);
  g_free(s);
}
