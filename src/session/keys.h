/*
 * keys.h -- the keys of a session, listed once.
 *
 * The terminal host maps what the patient presses through this table, the
 * virtual host reads the same names in key scripts (`--keys "5s:pause"`),
 * and the help line, the help box, `routinec --help` and the docs show it
 * (tests/docs.sh checks the README lists every key).  A new key is one
 * line here.
 */
#ifndef ROUTINEC_KEYS_H
#define ROUTINEC_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "vm.h"

/*   id     char  label    action         script  short   what it does (help box)      essential */
#define SESSION_KEYS(X)                                                                            \
    X(PAUSE, ' ',  N_("space"), VM_KEY_PAUSE, "pause", N_("pause"), N_("pause, or carry on"), true)           \
    X(NEXT,  'n',  "n",     VM_KEY_NEXT,  "next",  N_("next"), N_("next exercise (or end the rest)"), false) \
    X(BACK,  'b',  "b",     VM_KEY_BACK,  "back",  N_("back"), N_("back: start this exercise again"), false) \
    X(DONE,  '\n', "Enter", VM_KEY_DONE,  "done",  N_("done"), N_("done: end a hold, or a rep at your own pace"), true) \
    X(PAIN,  'p',  "p",     VM_KEY_PAIN,  "pain",  N_("pain"), N_("pain: stop the session now"), true) \
    X(EASIER, 'e', "e",     VM_KEY_NONE,  "easier", N_("easier"), N_("easier: switch this exercise to its easier version"), false) \
    X(HARDER, 'h', "h",     VM_KEY_NONE,  "harder", N_("harder"), N_("harder: switch this exercise to its harder version"), false) \
    X(QUIT,  'q',  "q",     VM_KEY_QUIT,  "quit",  N_("quit"), N_("quit"), true)                         \
    X(HELP,  '?',  "?",     VM_KEY_NONE,  NULL,    N_("help"), N_("help: show or close this help"), true)

typedef enum {
#define X(id, ch, label, action, script, word, help, essential) SESSION_KEY_##id,
    SESSION_KEYS(X)
#undef X
    SESSION_KEY__COUNT
} SessionKeyId;

typedef struct {
    int ch;              /* the character a terminal sends ('\n' for Enter) */
    const char *label;   /* how the key is written: "space" (translated), "Enter", "n" */
    VmKey action;        /* what it asks of the VM (VM_KEY_NONE: the host's own) */
    const char *script;  /* its name in key scripts, or NULL */
    const char *word;    /* one word for the help line */
    const char *help;    /* a line for the help box */
    bool essential;      /* kept on a short help line */
} SessionKey;

extern const SessionKey session_keys[SESSION_KEY__COUNT];

/* The answers to the session's questions, listed once: which side is
 * affected (echoed by its word), yes or no to a stage proposal, what to do
 * after a pain within its limit (the easier version is the easier key),
 * 10 on a scale of 0 to 10 (the digits are themselves), and Escape, which
 * answers nothing, as Enter does.
 *
 * An answer's key is a letter in the patient's language: the English
 * letter is a message with a context (KEYS_LETTER; xgettext's
 * --keyword=KEYS_LETTER:1c,2), so German answers yes with j ("j ja") and
 * Spanish the right side with d ("d derecho").  The English letter works
 * too unless the language gives it to another answer (Spanish s is "sí",
 * not "stop").  The prompts in words.h and their translations name these
 * letters, and only these (tests/unit/test_keys.c, in every language of
 * po/). */
#define KEYS_LETTER(context, letter) context "\004" letter
/* (The translators' note below spans lines inside the #define: a comment
 * is gone before the directive ends.)
 *   id       key: a letter (translated) or a character    word (echoed) */
#define SESSION_ANSWERS(X)                                                      \
    /* TRANSLATORS: the key a patient presses for this answer: one small
       letter a-z, of the answer's word in your language ("j" for "ja"),
       unlike the other answers' keys and q, e, h.  The questions ("y yes ·
       n no", "l left · r right", "t for 10", "g go on · e easier version ·
       s stop") must name exactly these letters. */                       \
    X(LEFT,   KEYS_LETTER("answer key: the left side", "l"), N_("left"))        \
    X(RIGHT,  KEYS_LETTER("answer key: the right side", "r"), N_("right"))      \
    X(YES,    KEYS_LETTER("answer key: yes", "y"), NULL)                        \
    X(NO,     KEYS_LETTER("answer key: no", "n"), NULL)                         \
    X(GO_ON,  KEYS_LETTER("answer key: go on after a pain", "g"), NULL)         \
    X(STOP,   KEYS_LETTER("answer key: stop after a pain", "s"), NULL)          \
    X(TEN,    KEYS_LETTER("answer key: 10 on a scale of 0 to 10", "t"), NULL)   \
    X(ESCAPE, "\033", NULL)

typedef enum {
    SESSION_ANSWER_NONE = -1,
#define X(id, key, word) SESSION_ANSWER_##id,
    SESSION_ANSWERS(X)
#undef X
    SESSION_ANSWER__COUNT
} SessionAnswer;

/* The key a typed character is, or NULL: '\r' is Enter too, and with
 * `fold_case` capitals count as their small letters (Caps Lock). */
const SessionKey *keys_for_char(int ch, bool fold_case);

/* The answer a typed character is, or SESSION_ANSWER_NONE: the letters
 * of the patient's language first, then the table's own; with
 * `fold_case` capitals count as their small letters. */
SessionAnswer keys_answer(int ch, bool fold_case);

/* The character of an answer in the patient's language (what the
 * prompts name). */
int keys_answer_char(SessionAnswer answer);

/* The character of an answer as the table writes it (English), which
 * the patient's language may give to another answer. */
int keys_answer_own_char(SessionAnswer answer);

/* The table's key of an answer: KEYS_LETTER(context, letter), the message
 * its translation is looked up by, or the character itself (Escape). */
const char *keys_answer_key(SessionAnswer answer);

/* No answer: none will come (-1), Enter or Escape. */
bool keys_skips(int ch);

/* A rating from 0 to 10 a character gives (a digit, or 10), or -1. */
int keys_rating(int ch);

/* The word said for the affected side (translated): "left", "right". */
const char *keys_side_word(Side side);

/* The VM key a key script names ("pause"...), or VM_KEY_NONE. */
VmKey keys_for_name(const char *name, size_t len);

/* The key a key script names, or NULL. */
const SessionKey *keys_named(const char *name, size_t len);

/* The character of the key that asks `action` of the VM, or -1. */
int keys_char_of(VmKey action);

/* "space pause<sep>n next<sep>...", every key (or only the essential ones)
 * in `out` (always terminated).  Returns the length it needs. */
size_t keys_help_line(char *out, size_t size, const char *sep, bool essential_only);

#endif
