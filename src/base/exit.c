/* exit.c -- see exit.h. */
#include "exit.h"

#include <string.h>

static const struct {
    int code;
    const char *meaning, *lint_meaning;
} rows[] = {
#define X(name, code, meaning, lint_meaning) {code, meaning, lint_meaning},
    RT_EXIT_STATUSES(X)
#undef X
};
#define N_ROWS (sizeof rows / sizeof *rows)

/* Put `item` after a space, or at the start of a new line when it would
 * pass `width`: an item ("3 input/output error,") is never split. */
static void put_item(FILE *out, const char *item, int width, int *col) {
    int len = (int)strlen(item);
    if (*col > 0 && *col + 1 + len > width) {
        fputc('\n', out);
        *col = 0;
    } else if (*col > 0) {
        fputc(' ', out);
        (*col)++;
    }
    fputs(item, out);
    *col += len;
}

void exit_print_statuses(FILE *out, const char *lead, int width, bool lint) {
    int col = 0;
    char item[96];
    put_item(out, lead, width, &col);
    for (size_t i = 0; i < N_ROWS; i++) {
        const char *meaning = lint ? rows[i].lint_meaning : rows[i].meaning;
        bool last = lint ? i + 1 == N_ROWS || !rows[i + 1].lint_meaning : false;
        if (!meaning)
            continue;
        snprintf(item, sizeof item, "%d %s%s", rows[i].code, meaning, last ? "" : ",");
        put_item(out, item, width, &col);
    }
    if (!lint) {
        snprintf(item, sizeof item, "%d+N ended by signal N.", EXIT_SIGNAL_BASE);
        put_item(out, item, width, &col);
    }
    fputc('\n', out);
}
