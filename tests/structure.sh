#!/bin/sh
# structure.sh -- what the architecture promises (issue 8), checked in the
# tree so that it stays true:
#   - every function in src/ is one a reader can hold in their head: none
#     over 30 lines (tests/funclen.awk) but the VM's dispatch loop (vm.c
#     run), which is long on purpose;
#   - nothing outside the bytecode module, the code generator and the VM
#     decodes instructions (the opcode table, instruction lengths, the
#     little-endian operands);
#   - one JSON writer (src/base/json.c): no other file prints a JSON key;
#   - exit statuses come from src/base/exit.h: no literal exit status in
#     the commands (src/cli, src/lint, src/session);
#   - one little-endian helper (src/base/le.h): no other file assembles a
#     number from bytes (but base64's triplets in markup.c);
#   - one FNV hash (src/base/hash.c): its constants appear nowhere else;
#   - one table of keys (src/session/keys.h): no other file in src/session
#     or src/present spells a key's character (a letter, or a key compared
#     with a character or a code), but the ASCII bounds of a case change;
#   - one table of exercise kinds (src/base/kinds.h): no other file names
#     a kind in a string (the VM too: it reads KIND_* flags).
#
#   sh tests/structure.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 1
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'; }
MAX=30

all=$(find src -name '*.c' | sort | xargs awk -f tests/funclen.awk)
# The measure itself must be able to see a long function: the VM's dispatch.
if echo "$all" | awk -F'\t' -v m=$MAX '$2 ~ /^src\/vm\/vm.c:/ && $3 == "run" && $1 > m { f = 1 } END { exit !f }'; then
    ok "funclen.awk sees the VM's dispatch (vm.c run) as long"
else
    bad "funclen.awk does not find the VM's dispatch: the measure is broken"
fi
# The one long function allowed: the VM's dispatch loop.
long=$(echo "$all" | awk -F'\t' -v m=$MAX '$1 > m && !($2 ~ /^src\/vm\/vm\.c:/ && $3 == "run")' | sort -rn)
if [ -z "$long" ]; then
    ok "src: no function over $MAX lines but the VM's dispatch ($(echo "$all" | grep -c .) functions)"
else
    bad "src: functions over $MAX lines (split them into helpers that say what they do)" "$long"
fi

# Instruction decoding: the opcode table's accessors and the operand bytes.
decode=$(grep -rlwE 'op_info|op_length|op_has|op_pair_target|le_get(16|32|64)|OP_[A-Z_]+' src \
         | grep -v '^src/\(bytecode\|vm\|codegen\)/\|^src/base/le\.h$' || true)
if [ -z "$decode" ]; then
    ok "no instruction decoding outside src/bytecode, src/codegen and src/vm"
else
    bad "instructions decoded outside the bytecode module and the VM" "$decode"
fi

# A JSON key in a string literal: \"name\": -- only the writer prints keys.
keys=$(grep -rnE '\\"[a-z_]+\\" *:' src --include='*.c' | grep -v '^src/base/json\.c:' || true)
if [ -z "$keys" ]; then
    ok "JSON keys are written by src/base/json.c only"
else
    bad "JSON keys printed outside the writer (use json.h)" "$keys"
fi

# A literal exit status: exit(N), _exit(N) but 127 (exec failed), or
# `return N;` in a function whose name says it returns a status.
lits=$(grep -rnE '\b(exit|_exit)\( *[0-9]+ *\)' src --include='*.c' | grep -v '_exit(127)' || true)
lits="$lits$(grep -rnE 'status *= *[1-9][0-9]* *;' src/cli src/lint src/session --include='*.c' || true)"
if [ -z "$lits" ]; then
    ok "exit statuses by name (src/base/exit.h), no literals"
else
    bad "literal exit statuses" "$lits"
fi

# Numbers put together from bytes: b[1] << 8, (uint32_t)b[2] << 16...
le=$(grep -rnE '\[[^]]*\] *<< *(8|16|24)\b' src | grep -v '^src/base/le\.h:\|^src/handout/markup\.c:' || true)
if [ -z "$le" ]; then
    ok "little-endian numbers through src/base/le.h only"
else
    bad "bytes assembled into numbers outside le.h" "$le"
fi

fnv=$(grep -rniE '0x100000001b3|1099511628211|14695981039346656037|0xcbf29ce484222325|2166136261|16777619|0x811c9dc5|0x01000193' src \
      | grep -v '^src/base/hash\.[ch]:' || true)
if [ -z "$fnv" ]; then
    ok "one FNV hash (src/base/hash.c)"
else
    bad "FNV constants outside src/base/hash.c" "$fnv"
fi

# A key's character: a letter literal ('l'), or a key compared with a
# character or a code (ch == ' ', key == 27) -- keys.h lists them all
# ('A'...'Z' bound a case change; ch < 0 is no key).
letters=$(grep -rnE "'[B-Yb-y]'" src/session src/present --include='*.c' | grep -v '^src/session/keys\.c:' || true)
compared=$(grep -rnE "\b(ch|key|k)\b *(==|!=|<=|>=) *('([^'\\]|\\.)'|[1-9][0-9]*\b)" src/session src/present --include='*.c' \
           | grep -v '^src/session/keys\.c:' || true)
spelled=$(printf '%s\n%s' "$letters" "$compared" | grep . | sort -u || true)
if [ -z "$spelled" ]; then
    ok "one table of keys (src/session/keys.h): no key spelled in src/session or src/present"
else
    bad "keys spelled outside src/session/keys.c (add them to its tables)" "$spelled"
fi

kinds=$(sed -n 's/^ *X(N_("\([a-z]*\)").*/\1/p' src/base/kinds.h | paste -sd'|' -)
if [ -z "$kinds" ]; then
    bad "no kinds read from src/base/kinds.h"
else
    # (a JSON member named "test" is a key, not a kind)
    words=$(grep -rnE "\"($kinds)\"" src --include='*.c' \
            | grep -vE 'json_[a-z]+\([^,]*, *"test"' || true)
    if [ -z "$words" ]; then
        ok "one table of exercise kinds (src/base/kinds.h: $(echo "$kinds" | tr '|' ' '))"
    else
        bad "exercise kinds named outside src/base/kinds.h (use its KIND_* flags)" "$words"
    fi
fi

echo "structure: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
