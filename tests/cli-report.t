#!/bin/sh
# virtcheck report: the documents, deterministic, and the HTML rendered by a
# real browser (headless Chromium) when it is installed.
. tests/tap.sh

S="scenarios/pg-classic.isa scenarios/pdp10.isa scenarios/x86.isa"
runs "$VC" report $S -o "$TMP/md" --format md
is "$rc:$out" "0:$TMP/md/index.md" "report prints the index's path"
is "$(sed -n 3,7p "$TMP/md/index.md")" "| ISA | Theorem 1 | Theorem 2 | Theorem 3 | critical instructions | trap | hybrid | translate | patch | paravirt | assist |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| [pg-classic](pg-classic.md) | holds | holds | holds | none | equivalent, 74.5% direct | equivalent, 38.7% direct | equivalent, 74.5% direct | equivalent, 74.5% direct | n/a | n/a |
| [pdp10](pdp10.md) | fails | fails | holds | jrst1 | counterexample | equivalent, 33.8% direct | equivalent, 65.3% direct | counterexample | n/a | n/a |
| [x86](x86.md) | fails | fails | fails | pushf popf smsw sgdt sidt sldt str movfromcs lar verr lsl verw iret pushcs popss movtods jmpfar callfar retfar | counterexample | counterexample | equivalent, 24.4% direct | counterexample | equivalent, 70.6% direct | n/a |" \
  "Markdown index: one row per ISA with the theorems, critical instructions, and each monitor kind's verdict and efficiency"
is "$(grep -A6 '^## Verdicts' "$TMP/md/pdp10.md" | tail -3)" "| 1 | fails | sensitive, not privileged: jrst1 |
| 2 | fails | Theorem 1 fails; the trap monitor under a copy of itself: counterexample (one-step simulation, SMT); the monitor has no timing dependencies |
| 3 | holds | every user-sensitive instruction is privileged |" "Markdown: each theorem's verdict with its reason"
is "$(grep -A6 'lockstep exploration at' "$TMP/md/pdp10.md" | sed -n '1p;3p;6p')" "### Trap-and-emulate monitor, lockstep exploration at word=11 addr=6 data=2 mem=12
A program of 1 instruction: \`jrst1 0\`. From
mode=exec pc=0 reloc=0 bound=11 ac=0 dev=0" "Markdown: the lockstep counterexample and its initial state"
is "$(sed -n '/^### Trap-and-emulate monitor, lockstep/,$p' "$TMP/md/pdp10.md" | grep -m1 '^| 1 |')" \
  "| 1 | \`1      0  jrst1 0            mode exec->user\` | \`L0 direct          1      0  jrst1 0\` |" \
  "Markdown: the traces side by side"

runs "$VC" report $S -o "$TMP/md2" --format md
is "$(cd "$TMP" && diff -r md md2 && echo same)" "same" "report: the same input gives the same bytes"

runs "$VC" report $S -o "$TMP/json" --format json
is "$(perl -MJSON::PP -e 'local $/; open my $f, "<", shift; my $j = decode_json(<$f>);
  print join("|", $j->{schema}, scalar @{$j->{isas}}, $j->{isas}[2]{isa}, $j->{isas}[2]{theorems}{1}{verdict}, $j->{isas}[2]{critical}[0])' "$TMP/json/index.json")" \
  "virtcheck-report/1|3|x86|fails|pushf" "JSON index: versioned schema, one entry per ISA"
is "$(perl -MJSON::PP -e 'local $/; open my $f, "<", shift; my $j = decode_json(<$f>); my $m = $j->{isas}[2]{monitors};
  print join("|", map({ "$_=$m->{$_}{verdict}" } qw(trap hybrid translate patch paravirt assist)), $m->{assist}{why_not}, sprintf("%.3f", $j->{isas}[2]{efficiency}{translate}))' "$TMP/json/index.json")" \
  "trap=counterexample|hybrid=counterexample|translate=equivalent|patch=counterexample|paravirt=equivalent|assist=n/a|no virtualization extension in the spec|0.244" \
  "JSON index: x86 under each monitor kind, with why one does not apply"
is "$(perl -MJSON::PP -e 'local $/; open my $f, "<", shift; my $j = decode_json(<$f>);
  print join("|", $j->{classification}{isa}, $j->{equivalence}{trap}{verdict}, $j->{equivalence}{hybrid}{verdict},
    $j->{lockstep}{trap}{counterexample}{program}[0], $j->{lockstep}{hybrid}{verdict})' "$TMP/json/pdp10.json")" \
  "pdp10|counterexample|equivalent|jrst1 0|equivalent" "JSON: the classify and equiv documents, whole"

runs "$VC" report $S
is "$rc:$err" "2:virtcheck: error: expected -o DIR" "report without -o is refused"
runs "$VC" report scenarios/pdp10.isa -o "$TMP/x" --format pdf
is "$rc:$err" "2:virtcheck: error: --format pdf: expected html, md or json" "an unknown format is refused"
runs "$VC" report scenarios/pdp10.isa scenarios/pdp10.isa -o "$TMP/x"
is "$rc:$err" "2:virtcheck: error: scenarios/pdp10.isa: its report would be pdp10.html, like another's" \
  "two specs with one name are refused"

# The HTML, in a real browser.
runs "$VC" report $S -o "$TMP/html"
is "$rc:$(ls "$TMP/html" | tr '\n' ' ')" "0:index.html pdp10.html pg-classic.html x86.html " "HTML: one file per ISA and an index"
is "$(grep -c '<script\|src=\|href="[a-z]*:' "$TMP/html/x86.html")" 0 "HTML: no scripts, nothing from the network"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  for d in "DOM of the index" "DOM of x86's page" "x86's page renders (not blank)" "layout at 1280 and 400 px"; do
    _n=$((_n + 1)); echo "ok $_n # skip $d: Chromium is not installed (apt-get install chromium)"
  done
else
  B="$CHROMIUM --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$TMP/profile"
  dom=$($B --dump-dom "file://$TMP/html/index.html" 2>/dev/null)
  is "$(printf '%s' "$dom" | grep -o '<title>virtcheck report</title>\|>pdp10</a>\|>x86</a>\|<code>jrst1</code>' | tr '\n' ' ')" \
    "<title>virtcheck report</title> >pdp10</a> <code>jrst1</code> >x86</a> " "DOM of the index: title, ISAs, critical instructions"
  dom=$($B --dump-dom "file://$TMP/html/x86.html" 2>/dev/null)
  is "$(printf '%s' "$dom" | grep -o '<svg class="euler"\|class="crit">popf</tspan>\|<span class="fails">fails</span>\|<mark>storage</mark>' | sort -u | wc -l)" 4 \
    "DOM of x86's page: the Euler diagram, POPF critical, the verdicts, the diverging component"
  (cd "$TMP" && $B --window-size=900,1400 --screenshot="$TMP/x86.png" "file://$TMP/html/x86.html" >/dev/null 2>&1)
  # not blank: decode the PNG's pixel rows and count bytes that are neither 0 nor 255
  inked=$(perl -MCompress::Zlib -e 'local $/; open my $f, "<:raw", shift or exit; my $d = <$f>;
    my ($i, $z) = (8, ""); while ($i < length $d) { my ($n, $t) = unpack "Na4", substr $d, $i, 8;
    $z .= substr $d, $i + 8, $n if $t eq "IDAT"; $i += $n + 12 } my $raw = uncompress($z) // exit;
    my $ink = () = $raw =~ /[\x01-\xfe]/g; printf "%d\n", 1000 * $ink / length $raw' "$TMP/x86.png")
  is "$([ "${inked:-0}" -ge 5 ] && echo rendered)" "rendered" "x86's page renders in Chromium (not blank: ${inked:-0} per mille inked)"
  # Layout, measured in the browser on a copy with a probe script: the page
  # never scrolls sideways; at 1280 px no table box has to either (screenshots
  # at both widths are kept in the test's directory).
  PROBE='<script>var n=0;document.querySelectorAll(".scroll").forEach(function(e){if(e.scrollWidth>e.clientWidth)n++});document.body.setAttribute("data-layout",(document.documentElement.scrollWidth-window.innerWidth)+" "+n)</script></body>'
  layout=""
  for f in index x86; do
    sed "s|</body>|$PROBE|" "$TMP/html/$f.html" >"$TMP/html/probe-$f.html"
    for w in 1280 400; do
      l=$($B --window-size=$w,900 --dump-dom "file://$TMP/html/probe-$f.html" 2>/dev/null | grep -o 'data-layout="[^"]*"')
      (cd "$TMP" && $B --window-size=$w,900 --screenshot="$TMP/$f-$w.png" "file://$TMP/html/$f.html" >/dev/null 2>&1)
      layout="$layout $f@$w:$(echo "$l" | sed 's/data-layout="\([0-9-]*\) \([0-9]*\)"/\1,\2/')"
    done
  done
  is "$(echo "$layout" | sed 's/@400:0,[0-9]*/@400:0,some/g')" " index@1280:0,0 index@400:0,some x86@1280:0,0 x86@400:0,some" \
    "HTML in Chromium: no sideways page scroll at 1280 or 400 px, and no table box scrolls at 1280 px"
fi

runs "$VC" report --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "report --help"
# Names from input are text, never markup: a hostile file name and one that
# is not UTF-8 (the per-ISA pages are named after the file).
H="$TMP/hostile"; mkdir -p "$H"
cp tests/specs/classes/csrw.isa "$H/q\"><img src=x onerror=alert(1)>.isa"
cp tests/specs/classes/rdb.isa "$H/$(printf 'caf\351|[x](y)`')".isa
for f in html md json; do runs "$VC" report "$H"/*.isa -o "$TMP/h-$f" --format $f; done
is "$(grep -o '<a href="[^"]*">[^<]*</a>' "$TMP/h-html/index.html" | sort)" '<a href="caf%E9%7C%5Bx%5D%28y%29%60.html">rdb</a>
<a href="q%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.html">csrw</a>' \
  "HTML index: hostile file names are percent-encoded in links"
is "$(grep -c '<img' "$TMP/h-html/index.html" "$TMP/h-html/"*.html | grep -v ':0$')" "" "HTML: no page holds a live element taken from a name"
is "$(grep -h '^Spec ' "$TMP/h-md/"q*.md | cut -d' ' -f2 | sed 's|.*/hostile/||')" 'q&#34;&#62;&#60;img' \
  "Markdown: a name's markup characters are escaped"
is "$(grep '^| \[csrw\]' "$TMP/h-md/index.md" | cut -d'|' -f2)" ' [csrw](q%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.md) ' \
  "Markdown index: the link target is percent-encoded"
is "$(perl -MJSON::PP -e 'local $/; open my $f, "<", shift; my $j = decode_json(<$f>);
  print join("|", map { $_->{isa} } @{$j->{isas}})' "$TMP/h-json/index.json")" "rdb|csrw" \
  "JSON: valid for a file name that is not UTF-8"

# A refined operand's variants, in both documents for people.
runs "$VC" report scenarios/ppc.isa -o "$TMP/ppc-md" --format md --depth 1
is "$(grep '^| \[ppc\]' "$TMP/ppc-md/index.md" | cut -d'|' -f7)" " equivalent, 51.4% direct " \
  "report: a spec without a small instance of the usual shape takes its lockstep instance from its .expect file"
is "$(grep -A2 '^### Classes by operand value' "$TMP/ppc-md/ppc.md" | tail -1 | cut -c1-79)" \
  "- \`mfspr\`: always traps for spr in 0x000, 0x002&#45;0x007, 0x00a&#45;0x015, 0x0" \
  "Markdown: a refined instruction's variants"
runs "$VC" report scenarios/ppc.isa -o "$TMP/ppc-html" --depth 1
is "$(grep -o '<li><code>mtspr</code>: .*</li>' "$TMP/ppc-html/ppc.html" | grep -o 'innocuous for spr in [^;]*')" \
  "innocuous for spr in 0x001, 0x008-0x009" "HTML: a refined instruction's variants"

# --instance: the lockstep runs' parameters; one that cannot hold the layout says why.
runs "$VC" report scenarios/pdp10.isa -o "$TMP/inst" --format md --instance word=11 --instance addr=6 --instance data=1 --instance mem=12
is "$rc:$(grep -m1 -o 'lockstep exploration at [^ ]* [^ ]* [^ ]* [^ ]*' "$TMP/inst/pdp10.md")" "0:lockstep exploration at word=11 addr=6 data=1 mem=12" \
  "report --instance: the lockstep runs use the parameters given"
runs "$VC" report scenarios/pdp10.isa -o "$TMP/inst2" --format md --instance word=11 --instance addr=3 --instance data=1 --instance mem=12
is "$rc:$(grep '^| \[pdp10\]' "$TMP/inst2/index.md" | cut -d'|' -f7-8)" "0: counterexample | equivalent, 0.0% direct " \
  "report --instance with the guest beyond 3-bit relocation: the host grows, the monitor interprets it all (0.0% direct)"

done_testing
