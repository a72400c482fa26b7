# funclen.awk -- the length of every function in C files: one line each,
#     BODY_LINES <tab> FILE:LINE <tab> NAME
# BODY_LINES counts the lines between the function's braces.  A top-level
# brace opens a function when the text before it ends in a parameter list
# (not an initializer); strings, characters and comments are blanked first
# so that their braces do not count.  Used by tests/structure.sh:
#     awk -f tests/funclen.awk src/session/*.c
FNR==1 { depth=0; incom=0; sig="" }
{
    line=$0
    if (incom) { if (sub(/^.*\*\//, "", line)) incom=0; else next }
    gsub(/\\./, "", line)                 # escapes
    gsub(/"[^"]*"/, "\"\"", line)         # strings
    gsub(/'[^']*'/, "''", line)           # chars
    gsub(/\/\*.*\*\//, "", line)          # one-line comments
    sub(/\/\/.*/, "", line)
    if (sub(/\/\*.*$/, "", line)) incom=1
    if (line ~ /^#/) next
    if (depth==0) sig = sig " " line
    for (i=1; i<=length(line); i++) {
        ch=substr(line,i,1)
        if (ch=="{") {
            if (depth==0) { isfn = (sig ~ /\)[^;=]*\{/ && sig !~ /=[^=]*\{/ ); start=FNR; nm=sig; sub(/\(.*/, "", nm); gsub(/.*[ *]/, "", nm) }
            depth++
        } else if (ch=="}") {
            depth--
            if (depth==0) { if (isfn) print (FNR-start-1) "\t" FILENAME ":" start "\t" nm; sig="" }
        } else if (ch==";" && depth==0) sig=""
    }
}
