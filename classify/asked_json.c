/* An answered query as a shard records it (ledger.h) and as merge takes it
 * back: everything the command's output is made of, bit for bit. */
#include "ask.h"
#include "ledger.h"

/* A witness from a part is input: every value one its variable can hold,
 * as an engine's would be. */
static bool witness_fits(const Isa *isa, const Witness *w)
{
  bool ok = !(w->word & ~ir_mask(isa->word));
  for (unsigned v = 0; v < isa->nvars; v++)
    ok = ok && isa_var_holds(isa, v, w->pre1[v]) && isa_var_holds(isa, v, w->pre2[v]);
  return ok;
}

JsonNode *asked_to_json(const Isa *isa, unsigned insn, const Asked *a)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "insn");
  json_builder_add_int_value(b, insn);
  json_builder_set_member_name(b, "kind");
  json_builder_add_int_value(b, a->q.kind);
  json_builder_set_member_name(b, "by");
  json_builder_add_int_value(b, a->by);
  json_builder_set_member_name(b, "cross_checked");
  json_builder_add_boolean_value(b, a->cross_checked);
  json_builder_set_member_name(b, "answer");
  json_builder_add_int_value(b, a->r.ans);
  ledger_add_u64(b, "states", a->r.states);
  if (a->r.why) {
    json_builder_set_member_name(b, "why");
    json_builder_add_string_value(b, a->r.why);
  }
  if (a->r.ans == ANS_YES) {
    const Witness *w = &a->r.w;
    ledger_add_u64(b, "word", w->word);
    ledger_add_u64(b, "shift", w->shift);
    ledger_add_u64_array(b, "pre1", w->pre1, isa->nvars);
    ledger_add_u64_array(b, "pre2", w->pre2, isa->nvars);
    json_builder_set_member_name(b, "words");
    json_builder_begin_array(b);
    for (unsigned k = 0; k < w->nwords; k++) {
      json_builder_begin_object(b);
      ledger_add_u64(b, "addr", w->words[k].addr);
      ledger_add_u64(b, "value", w->words[k].value);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
  JsonNode *n = json_builder_get_root(b);
  g_object_unref(b);
  return n;
}

bool asked_from_json(const Isa *isa, unsigned insn, JsonNode *node, Asked *a)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  if (!o || ledger_get_int(o, "insn", -1) != insn ||
      ledger_get_int(o, "kind", -1) != a->q.kind)
    return false;
  gint64 by = ledger_get_int(o, "by", -1);
  gint64 ans = ledger_get_int(o, "answer", -1);
  if (by < ENGINE_SMT || by > ENGINE_BOTH || ans < ANS_NO || ans > ANS_LIMIT)
    return false;
  bool ok = true;
  QueryResult r = {.ans = (Answer)ans, .states = ledger_get_u64(o, "states", &ok)};
  r.why = g_strdup(ledger_get_str(o, "why"));
  if (ans == ANS_YES) {
    Witness *w = &r.w;
    w->word = ledger_get_u64(o, "word", &ok);
    w->shift = ledger_get_u64(o, "shift", &ok);
    ok = ok && ledger_get_u64_array(o, "pre1", w->pre1, isa->nvars) &&
         ledger_get_u64_array(o, "pre2", w->pre2, isa->nvars);
    JsonArray *words = ok ? ledger_get_array(o, "words") : NULL;
    ok = ok && words;
    w->nwords = ok ? json_array_get_length(words) : 0;
    w->words = w->nwords ? g_new(WitnessWord, w->nwords) : NULL;
    for (unsigned k = 0; ok && k < w->nwords; k++) {
      JsonObject *x = ledger_elem_object(words, k);
      w->words[k] = (WitnessWord){ledger_get_u64(x, "addr", &ok), ledger_get_u64(x, "value", &ok)};
      ok = ok && !(w->words[k].value & ~ir_mask(isa->word)) && (!k || w->words[k - 1].addr < w->words[k].addr);
    }
    ok = ok && witness_fits(isa, w);
  }
  if (!ok) {
    query_result_clear(&r);
    return false;
  }
  a->r = r;
  a->by = (EngineKind)by;
  a->cross_checked = ledger_get_bool(o, "cross_checked");
  return true;
}
