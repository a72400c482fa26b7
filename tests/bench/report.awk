# report.awk -- the tables of tests/bench/compiler.sh.
#
# Input rows (medians; "-" where Lua is missing):
#   size bytes build_ns build_kb plan_ns plan_kb luac_ns luac_kb luac_bytes
#   rtb_bytes build_cpu_ns plan_cpu_ns luac_cpu_ns
# Variables: runs; cg1, cg2, cgl ("bytes instructions" from callgrind for
# build at 100 KB and 1 MB, and luac -p at 1 MB, or empty); st, stw, str
# (median ns to the first event, for the whole run, and to the first event
# from a .rtb); nst (startup runs).
#
# Targets (from the issue): build and plan at least 3x `luac5.4 -p` on equal
# bytes, peak RSS at most 5x the source, both linear in the input; the first
# event of `routinec run` within 5 ms.  They are judged at the largest size,
# where fixed costs (exec, libc, the 3 MB of a bare process) no longer count.
# Throughput is judged on wall time, as the issue states it; the CPU time
# (user + system) beside it is what to trust on a busy machine, and the
# callgrind ratio is what to trust across machines.

function mbs(bytes, ns) { return ns > 0 ? bytes / (ns / 1e9) / 1e6 : 0 }
function human(b) {
    return b >= 1e6 ? sprintf("%.0f MB", b / 1e6) : sprintf("%.0f KB", b / 1e3)
}
function target(name, goal, got, ok) {
    printf "  %-46s %-26s %-24s %s\n", name, goal, got, ok ? "PASS" : "MISS"
}
function has_luac(i) { return lns[i] != "-" && lns[i] > 0 }

{
    n++
    size[n] = $1; bytes[n] = $2; bns[n] = $3; bkb[n] = $4; pns[n] = $5; pkb[n] = $6
    lns[n] = $7; lkb[n] = $8; lbytes[n] = $9; rtb[n] = $10
    bcpu[n] = $11; pcpu[n] = $12; lcpu[n] = $13
}

function table(    i) {
    printf "\n%-6s %9s | %-34s | %-34s | %-29s\n", "", "", \
        "routinec build", "routinec plan", "luac5.4 -p"
    printf "%-6s %9s | %7s %6s %6s %6s %5s | %7s %6s %6s %6s %5s | %7s %6s %6s %6s\n", \
        "size", "bytes", "wall ms", "MB/s", "cpu ms", "RSS MB", "xsrc", \
        "wall ms", "MB/s", "cpu ms", "RSS MB", "xsrc", "wall ms", "MB/s", "cpu ms", "RSS MB"
    for (i = 1; i <= n; i++) {
        printf "%-6s %9d | %7.1f %6.1f %6.1f %6.1f %5.2f | %7.1f %6.1f %6.1f %6.1f %5.2f | ", \
            human(size[i]), bytes[i], bns[i] / 1e6, mbs(bytes[i], bns[i]), bcpu[i] / 1e6, \
            bkb[i] / 1024, bkb[i] * 1024 / bytes[i], pns[i] / 1e6, mbs(bytes[i], pns[i]), \
            pcpu[i] / 1e6, pkb[i] / 1024, pkb[i] * 1024 / bytes[i]
        if (has_luac(i))
            printf "%7.1f %6.1f %6.1f %6.1f\n", lns[i] / 1e6, mbs(lbytes[i], lns[i]), \
                lcpu[i] / 1e6, lkb[i] / 1024
        else
            printf "%7s %6s %6s %6s\n", "-", "-", "-", "-"
    }
    printf "(MB = 10^6 bytes; RSS MB = 2^20; the .rtb of the largest is %d bytes, %.2fx the source)\n", \
        rtb[n], rtb[n] / bytes[n]
}

function counts() {
    if (cg1 == "" && cg2 == "" && cgl == "")
        return
    printf "\ncallgrind instructions (Ir):"
    if (cg1 != "") printf "  build %s: %.0f Ir/byte;", human(a[1]), a[2] / a[1]
    if (cg2 != "") printf "  build %s: %.0f Ir/byte;", human(b[1]), b[2] / b[1]
    if (cgl != "") printf "  luac -p %s: %.0f Ir/byte", human(l[1]), l[2] / l[1]
    printf "\n"
}

# Throughput against luac at the largest size: wall (judged) and cpu.
function speed(name, ns, cpu, big,    rate, lrate, crate, clrate, goal) {
    rate = mbs(bytes[big], ns); crate = mbs(bytes[big], cpu)
    if (has_luac(big)) {
        lrate = mbs(lbytes[big], lns[big]); clrate = mbs(lbytes[big], lcpu[big])
        goal = sprintf(">= 3x luac = %.0f MB/s", 3 * lrate)
        target(name, goal, sprintf("%.1f MB/s %.2fx (cpu %.2fx)", rate, rate / lrate, \
            clrate > 0 ? crate / clrate : 0), rate >= 3 * lrate)
    } else {
        target(name, ">= 45 MB/s (no luac)", sprintf("%.1f MB/s", rate), rate >= 45)
    }
}

function linear(name, x_big, x_mid, big, mid, limit,    g) {
    g = (x_big / bytes[big]) / (x_mid / bytes[mid])
    target(sprintf("%s (%s vs %s)", name, human(size[big]), human(size[mid])), \
        sprintf("<= %.2fx per byte", limit), sprintf("%.2fx", g), g <= limit)
}

function memory(name, kb, big) {
    target(name, "<= 5x source", sprintf("%.2fx", kb * 1024 / bytes[big]), kb * 1024 <= 5 * bytes[big])
}

END {
    if (n == 0)
        exit
    split(cg1, a, " "); split(cg2, b, " "); split(cgl, l, " ")
    table()
    counts()
    printf "startup (median of %d): first event of `run --clock virtual` on lowback.rt %.2f ms" \
        " (whole run %.2f ms; from a .rtb %.2f ms)\n", nst, st / 1e6, stw / 1e6, str / 1e6

    big = n; mid = n > 1 ? n - 1 : n
    printf "\ntargets, at %s (wall times swing +-30%%; linearity is judged on cpu time)\n", human(size[big])
    speed("build throughput", bns[big], bcpu[big], big)
    if (cg2 != "" && cgl != "" && b[2] > 0 && l[2] > 0)
        target("build Ir/byte, callgrind at 1 MB", \
            sprintf("<= luac/3 = %.0f Ir/byte", l[2] / l[1] / 3), \
            sprintf("%.0f (%.2fx luac)", b[2] / b[1], (l[2] / l[1]) / (b[2] / b[1])), \
            b[2] / b[1] <= l[2] / l[1] / 3)
    memory("build peak memory", bkb[big], big)
    if (mid != big) {
        linear("build time linear", bcpu[big], bcpu[mid], big, mid, 1.5)
        linear("build memory linear", bkb[big], bkb[mid], big, mid, 1.3)
    }
    if (cg1 != "" && cg2 != "" && a[2] > 0 && b[2] > 0)
        target("build Ir/byte linear (1 MB vs 100 KB)", "<= 1.15x per byte", \
            sprintf("%.2fx", (b[2] / b[1]) / (a[2] / a[1])), (b[2] / b[1]) / (a[2] / a[1]) <= 1.15)
    speed("plan throughput", pns[big], pcpu[big], big)
    memory("plan peak memory", pkb[big], big)
    if (mid != big) {
        linear("plan time linear", pcpu[big], pcpu[mid], big, mid, 1.5)
        linear("plan memory linear", pkb[big], pkb[mid], big, mid, 1.3)
    }
    target("startup: first event, run on lowback.rt", "< 5 ms", sprintf("%.2f ms", st / 1e6), \
        st > 0 && st < 5e6)
}
