#include "fmap.h"

#include "asm.h"

#include <string.h>

const char *const monitor_kind_names[MON_KINDS] = {"trap",  "hybrid",   "translate",
                                                   "patch", "paravirt", "assist"};
const char *const monitor_kind_titles[MON_KINDS] = {
    "trap-and-emulate",  "hybrid",           "binary-translating",
    "in-place patching", "paravirtualizing", "hardware-assisted"};

int monitor_kind_find(const char *name)
{
  for (int kind = 0; kind < MON_KINDS; kind++)
    if (!strcmp(name, monitor_kind_names[kind]))
      return kind;
  return -1;
}

static IrVal k(uint64_t c)
{
  return ir_const(c);
}

bool vm_owns(const Isa *isa, MonitorKind kind, unsigned v)
{
  return kind == MON_ASSIST ? isa->vars[v].ext != EXT_NONE : isa->vars[v].resource;
}

static IrVal assisted(const Isa *isa, const VmMap *map, const IrVal *virt, IrVal *real)
{
  for (unsigned v = 0; v < isa->nvars; v++)
    real[v] = !vm_owns(isa, MON_ASSIST, v) ? virt[v]
              : isa->vars[v].ext == EXT_GUEST ? k(1)
                                              : k(map->real[v]);
  return k(1);
}

IrVal vm_map(const IrEnv *env, const VmMap *map, const IrVal *virt, IrVal *real)
{
  const Isa *isa = env->isa;
  if (map->kind == MON_ASSIST)
    return assisted(isa, map, virt, real);
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa), mw = isa->vars[VAR_MODE].width;
  for (unsigned v = 0; v < isa->nvars; v++)
    real[v] = isa->vars[v].resource ? k(map->real[v]) : virt[v];
  real[VAR_MODE] = k(isa->nmodes - 1);

  IrVal l = ir_apply(env, IR_ZEXT, pw, virt[VAR_RELOC], k(0), k(0), 0, aw, 0);
  IrVal hl = ir_apply(env, IR_ADD, pw, l, k(map->base), k(0), 0, pw, pw);
  IrVal direct = ir_apply(env, IR_AND, 1,
                          ir_apply(env, IR_ULT, 1, l, k(map->size), k(0), 0, pw, pw),
                          ir_apply(env, IR_ULE, 1, hl, k(ir_mask(aw)), k(0), 0, pw, pw),
                          k(0), 0, 1, 1);
  real[VAR_RELOC] = ir_apply(env, IR_SLICE, aw, hl, k(0), k(0), (uint64_t)(aw - 1) << 8, pw, 0);
  IrEnv region = *env;
  region.mem = map->size;
  real[VAR_BOUND] = ir_bound_clip(&region, virt[VAR_RELOC], virt[VAR_BOUND]);
  if (map->kind == MON_HYBRID) {
    IrVal user = ir_apply(env, IR_EQ, 1, virt[VAR_MODE], k(isa->nmodes - 1), k(0), 0, mw, mw);
    direct = ir_apply(env, IR_AND, 1, direct, user, k(0), 0, 1, 1);
  }
  return direct;
}

void vm_map_controls(const Isa *isa, uint64_t *real)
{
  for (unsigned v = 0; v < isa->nvars; v++)
    if (isa->vars[v].ext == EXT_CONTROL)
      real[v] = ir_mask(isa->vars[v].width);
}

void vm_map_reset_resources(const Isa *isa, uint64_t *real)
{
  program_initial_vars(isa, NULL, real);
  vm_map_controls(isa, real);
}
