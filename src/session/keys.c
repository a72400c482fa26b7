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

const SessionKey *keys_for_char(int ch, bool fold_case) {
    if (ch == '\r')
        ch = '\n';
    if (fold_case && ch >= 'A' && ch <= 'Z')
        ch += 'a' - 'A';
    for (size_t i = 0; i < SESSION_KEY__COUNT; i++)
        if (session_keys[i].ch == ch)
            return &session_keys[i];
    return NULL;
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
