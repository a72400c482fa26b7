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
    const char *key; /* KEYS_LETTER(context, letter), or the character */
    const char *word;
} session_answers[SESSION_ANSWER__COUNT] = {
#define X(id, key, word) [SESSION_ANSWER_##id] = {key, word},
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

const char *keys_answer_key(SessionAnswer answer) {
    return session_answers[answer].key;
}

int keys_answer_own_char(SessionAnswer answer) {
    const char *key = session_answers[answer].key;
    const char *letter = strchr(key, '\004');
    return (unsigned char)(letter ? letter[1] : key[0]);
}

/* The translation of a letter is one small letter a-z; anything else (a
 * word, a capital, a catalogue's mistake) leaves the English letter, which
 * the prompts of an untranslated language name. */
int keys_answer_char(SessionAnswer answer) {
    const char *key = session_answers[answer].key;
    const char *local = strchr(key, '\004') ? gettext(key) : key;
    if (local != key && local[0] >= 'a' && local[0] <= 'z' && local[1] == '\0')
        return local[0];
    return keys_answer_own_char(answer);
}

SessionAnswer keys_answer(int ch, bool fold_case) {
    if (fold_case)
        ch = small_letter(ch);
    for (int i = 0; ch >= 0 && i < SESSION_ANSWER__COUNT; i++)
        if (keys_answer_char((SessionAnswer)i) == ch)
            return (SessionAnswer)i;
    for (int i = 0; ch >= 0 && i < SESSION_ANSWER__COUNT; i++)
        if (keys_answer_own_char((SessionAnswer)i) == ch)
            return (SessionAnswer)i;
    return SESSION_ANSWER_NONE;
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
                         n ? sep : "", _(k->label), _(k->word));
        n += w > 0 ? (size_t)w : 0;
    }
    return n;
}
