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
  uint64_t size = vmm_stack_region(isa, depth, base) + (uint64_t)n * isa->mem;
  if (depth < 1 || depth > G_N_ELEMENTS(((VmStack *)0)->levels) || n < 1) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "expected 1..%d monitors and a guest",
                VC_MAX_STACK);
    return NULL;
  }
  /* The host is the same machine, with the same addresses: its storage
   * (2^addr words at most) holds each level's trap vectors and the guests. */
  if (size > ir_mask(isa->addr_width) + 1) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%u guest%s of %" G_GUINT64_FORMAT " words from word %" G_GUINT64_FORMAT
                " under %u monitor%s need%s %" G_GUINT64_FORMAT " words of host storage, "
                "beyond the %" G_GUINT64_FORMAT " that %s's %u-bit addresses reach (the rule: "
                "guests x mem + the guest base + %" G_GUINT64_FORMAT " reserved words per "
                "monitor below the top <= 2^addr; give a larger addr or a smaller mem with "
                "--param)",
                n, n == 1 ? "" : "s", isa->mem, base, depth, depth == 1 ? "" : "s",
                n == 1 ? "s" : "", size, ir_mask(isa->addr_width) + 1, isa->name,
                isa->addr_width, reserved);
    return NULL;
  }
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
