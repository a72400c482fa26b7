/* keys.c -- see keys.h. */
#include "keys.h"

#include <stdio.h>
#include <string.h>

const SessionKey session_keys[SESSION_KEY__COUNT] = {
#define X(id, ch, label, action, script, word, help, essential) \
    [SESSION_KEY_##id] = {ch, label, action, script, word, help, essential},
    SESSION_KEYS(X)
#undef X
};

static const struct {
    int ch;
    const char *word;
} session_answers[SESSION_ANSWER__COUNT] = {
#define X(id, ch, word) [SESSION_ANSWER_##id] = {ch, word},
    SESSION_ANSWERS(X)
#undef X
};

static int small_letter(int ch) {
    return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

const SessionKey *keys_for_char(int ch, bool fold_case) {
    if (ch == '\r')
        ch = '\n';
    if (fold_case)
        ch = small_letter(ch);
    for (size_t i = 0; i < SESSION_KEY__COUNT; i++)
        if (session_keys[i].ch == ch)
            return &session_keys[i];
    return NULL;
}

SessionAnswer keys_answer(int ch, bool fold_case) {
    if (fold_case)
        ch = small_letter(ch);
    for (int i = 0; i < SESSION_ANSWER__COUNT; i++)
        if (ch >= 0 && session_answers[i].ch == ch)
            return (SessionAnswer)i;
    return SESSION_ANSWER_NONE;
}

int keys_answer_char(SessionAnswer answer) {
    return session_answers[answer].ch;
}

bool keys_skips(int ch) {
    const SessionKey *k = keys_for_char(ch, false);
    return ch < 0 || keys_answer(ch, false) == SESSION_ANSWER_ESCAPE || (k && k->action == VM_KEY_DONE);
}

int keys_rating(int ch) {
    return ch >= '0' && ch <= '9' ? ch - '0' : keys_answer(ch, true) == SESSION_ANSWER_TEN ? 10 : -1;
}

const char *keys_side_word(Side side) {
    return _(session_answers[side == SIDE_LEFT ? SESSION_ANSWER_LEFT : SESSION_ANSWER_RIGHT].word);
}

const SessionKey *keys_named(const char *name, size_t len) {
    for (size_t i = 0; i < SESSION_KEY__COUNT; i++) {
        const char *s = session_keys[i].script;
        if (s && strlen(s) == len && memcmp(s, name, len) == 0)
            return &session_keys[i];
    }
    return NULL;
}

VmKey keys_for_name(const char *name, size_t len) {
    const SessionKey *k = keys_named(name, len);
    return k ? k->action : VM_KEY_NONE;
}

int keys_char_of(VmKey action) {
    for (size_t i = 0; action != VM_KEY_NONE && i < SESSION_KEY__COUNT; i++)
        if (session_keys[i].action == action)
            return session_keys[i].ch;
    return -1;
}

size_t keys_help_line(char *out, size_t size, const char *sep, bool essential_only) {
    size_t n = 0;
    if (size > 0)
        out[0] = '\0';
    for (size_t i = 0; i < SESSION_KEY__COUNT; i++) {
        const SessionKey *k = &session_keys[i];
        if (essential_only && !k->essential)
            continue;
        int w = snprintf(out + (n < size ? n : size), n < size ? size - n : 0, "%s%s %s",
                         n ? sep : "", k->label, _(k->word));
        n += w > 0 ? (size_t)w : 0;
    }
    return n;
}
