/*
 * driver.c -- key scripts and the virtual-clock driver.
 *
 * A key script is what a test (or `--keys`) says the patient pressed and
 * when: "5s:pause, 8s:pause, 12s:next".  drive_virtual() plays a session
 * against it without waiting, which makes every session reproducible.
 */
#include "driver.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "keys.h"

const char *key_name(VmKey key) {
    for (size_t i = 0; key != VM_KEY_NONE && i < SESSION_KEY__COUNT; i++)
        if (session_keys[i].action == key)
            return session_keys[i].script;
    return NULL;
}

/* ---- parsing -------------------------------------------------------- */

/* A piece of the script: bytes [start, start + len). */
typedef struct {
    const char *start;
    size_t len;
} Span;

static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static Span trim(Span s) {
    while (s.len > 0 && is_blank(s.start[0])) {
        s.start++;
        s.len--;
    }
    while (s.len > 0 && is_blank(s.start[s.len - 1]))
        s.len--;
    return s;
}

/* A key's name, or one character typed as it is (an answer to the
 * questions after the end, or a key of the table: "p" is pain). */
static bool key_from(Span word, ScriptedKey *out) {
    const SessionKey *named = keys_named(word.start, word.len);
    out->key = named ? named->action : VM_KEY_NONE;
    out->ch = named && named->action == VM_KEY_NONE ? named->ch : 0; /* easier, harder */
    if (named)
        return true;
    if (word.len != 1 || (unsigned char)word.start[0] < 0x21 || (unsigned char)word.start[0] > 0x7e)
        return false;
    const SessionKey *k = keys_for_char(word.start[0], false);
    out->ch = (unsigned char)word.start[0];
    out->key = k ? k->action : VM_KEY_NONE;
    return true;
}

static bool all_digits(Span s) {
    for (size_t i = 0; i < s.len; i++)
        if (s.start[i] < '0' || s.start[i] > '9')
            return false;
    return s.len > 0;
}

/* Plain milliseconds; false on overflow. */
static bool parse_ms(Span s, uint64_t *ms) {
    *ms = 0;
    for (size_t i = 0; i < s.len; i++) {
        uint64_t digit = (uint64_t)(s.start[i] - '0');
        if (*ms > (UINT64_MAX - digit) / 10)
            return false;
        *ms = *ms * 10 + digit;
    }
    return true;
}

/* Where parsing is, for error messages. */
typedef struct {
    Span item; /* the whole TIME:KEY item */
    char *err;
    size_t err_size;
} ParseCtx;

/* "key `ITEM`: BEFORE`DETAIL`AFTER" */
static bool fail(const ParseCtx *ctx, const char *before, Span detail, const char *after) {
    snprintf(ctx->err, ctx->err_size, "key `%.*s`: %s`%.*s`%s", (int)ctx->item.len,
             ctx->item.start, before, (int)detail.len, detail.start, after);
    return false;
}

static bool fail_plain(const ParseCtx *ctx, const char *message) {
    snprintf(ctx->err, ctx->err_size, "key `%.*s`: %s", (int)ctx->item.len,
             ctx->item.start, message);
    return false;
}

/* TIME: a duration literal ("1m30s") or a number of milliseconds. */
static bool parse_time(const ParseCtx *ctx, Span text, int64_t *t) {
    uint64_t ms = 0;
    bool overflow = false;
    const char *bad = NULL;
    size_t bad_len = 0;
    if (text.len == 0)
        return fail_plain(ctx, "the time is missing; write it like 5s:pause");
    if (all_digits(text))
        overflow = !parse_ms(text, &ms);
    else if (!duration_parse(text.start, text.len, &ms, &overflow, &bad, &bad_len) && bad_len > 0)
        return fail(ctx, "unknown unit ", (Span){bad, bad_len}, "; use ms, s, min or h");
    else if (bad)
        return fail(ctx, "", text, " is not a time; write it like 5s, 1m30s or 5000 (ms)");
    if (overflow || ms > (uint64_t)INT64_MAX)
        return fail_plain(ctx, "the time is too large");
    *t = (int64_t)ms;
    return true;
}

/* One TIME:KEY item; `prev` is the time of the key before (or 0). */
static bool parse_item(const ParseCtx *ctx, int64_t prev, ScriptedKey *out) {
    const char *colon = memchr(ctx->item.start, ':', ctx->item.len);
    if (!colon)
        return fail_plain(ctx, "expected TIME:KEY, like 5s:pause");
    Span time = trim((Span){ctx->item.start, (size_t)(colon - ctx->item.start)});
    Span word = trim((Span){colon + 1, ctx->item.len - (size_t)(colon - ctx->item.start) - 1});
    if (!parse_time(ctx, time, &out->t))
        return false;
    if (!key_from(word, out))
        return fail(ctx, "unknown key ", word,
                    "; the keys are pause, next, back, quit, pain, done, easier and harder, "
                    "or one character as typed");
    if (out->t < prev)
        return fail_plain(ctx, "comes before the key ahead of it; list keys in time order");
    return true;
}

static size_t count_items(const char *script) {
    size_t n = 1;
    for (const char *p = script; *p; p++)
        n += *p == ',';
    return n;
}

/* Parse every comma-separated item of `script` into `out` (room for
 * count_items); the number parsed, or -1 after an error in `err`. */
static long parse_items(const char *script, ScriptedKey *out, char *err, size_t err_size) {
    long count = 0;
    for (const char *p = script; ; p++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        ParseCtx ctx = {trim((Span){p, len}), err, err_size};
        if (ctx.item.len > 0) {
            if (!parse_item(&ctx, count ? out[count - 1].t : 0, &out[count]))
                return -1;
            count++;
        }
        if (!end)
            return count;
        p = end;
    }
}

bool keys_parse(const char *script, ScriptedKey **keys, size_t *n, char *err,
                size_t err_size) {
    *keys = NULL;
    *n = 0;
    if (err_size > 0)
        err[0] = '\0';
    if (!script)
        return true;
    ScriptedKey *out = calloc(count_items(script), sizeof *out);
    if (!out) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    long count = parse_items(script, out, err, err_size);
    if (count <= 0) {
        free(out);
        return count == 0;
    }
    *keys = out;
    *n = (size_t)count;
    return true;
}

/* ---- the virtual clock ---------------------------------------------- */

static int64_t later(int64_t a, int64_t b) {
    return a > b ? a : b;
}

VirtualTurn virtual_turn(VmStatus status, int64_t deadline, int64_t now,
                         const ScriptedKey *key) {
    VirtualTurn turn = {now, VM_KEY_NONE, false};
    if (status == VM_WAIT_TIME && !(key && key->t < deadline)) {
        turn.now = later(now, deadline);
    } else if (status == VM_WAIT_KEY && !(key && (key->key == VM_KEY_DONE || key->t <= now))) {
        turn.key = VM_KEY_DONE;
    } else if (status == VM_PAUSED && !key) {
        turn.key = VM_KEY_PAUSE;
    } else if (key) {
        turn.now = later(now, key->t);
        turn.key = key->key;
        turn.used = true;
    }
    return turn;
}

VmStatus drive_virtual(Vm *vm, const ScriptedKey *keys, size_t n_keys) {
    int64_t now = 0;
    size_t next = 0;
    VmStatus status = vm_step(vm, now, VM_KEY_NONE);
    /* Every turn consumes a scripted key, reaches a deadline, or answers a
     * wait or a pause: with finitely many keys, the session ends. */
    while (status != VM_FINISHED) {
        VirtualTurn turn = virtual_turn(status, vm->deadline, now, next < n_keys ? &keys[next] : NULL);
        next += turn.used;
        now = turn.now;
        status = vm_step(vm, now, turn.key);
    }
    return status;
}
