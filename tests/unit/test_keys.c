/*
 * test_keys.c -- the answers' keys (keys.h) and the questions that name
 * them (words.h), in English and in every language of po/.
 *
 * A patient reads "j ja · n nein" and presses j: the letter a question
 * names must be the letter the table answers it with, in the patient's
 * language, and a question names no other.  The languages are po/'s
 * (run from the top of the tree); their catalogues are the build's
 * (build/locale beside build/tests, or $ROUTINEC_TEST_LOCALEDIR, which
 * tests/i18n.sh points at a planted wrong translation to see this fail).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "keys.h"
#include "words.h"

#define MAX_LANGUAGES 16

typedef struct {
    char names[MAX_LANGUAGES][16]; /* "en", then po/'s in order */
    size_t n;
} Languages;

/* The catalogues: $ROUTINEC_TEST_LOCALEDIR, or locale/ beside the
 * directory of this program (build/tests/../locale). */
static void catalogue_dir(char *dir, size_t size) {
    const char *given = getenv("ROUTINEC_TEST_LOCALEDIR");
    if (given && *given) {
        snprintf(dir, size, "%s", given);
        return;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(dir, size, "%s/../locale", exe);
}

static int by_name(const void *a, const void *b) {
    return strcmp(a, b);
}

/* English (the sources' words) and every po/LL.po. */
static void read_languages(Languages *l) {
    snprintf(l->names[l->n++], sizeof l->names[0], "en");
    DIR *po = opendir("po");
    if (!po)
        fail_msg("no po/ here: run the test from the top of the tree");
    for (struct dirent *e; (e = readdir(po)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len > 3 && len - 3 < sizeof l->names[0] && strcmp(e->d_name + len - 3, ".po") == 0 &&
            l->n < MAX_LANGUAGES)
            snprintf(l->names[l->n++], sizeof l->names[0], "%.*s", (int)(len - 3), e->d_name);
    }
    closedir(po);
    qsort(l->names + 1, l->n - 1, sizeof l->names[0], by_name);
    assert_true(l->n > 1); /* German and Spanish at least */
}

/* The messages from now on in `language`: LANGUAGE, which gettext reads in
 * any locale but C, and setlocale, which makes it look again. */
static void speak(const char *language) {
    char dir[4200];
    catalogue_dir(dir, sizeof dir);
    if (strcmp(language, "en") != 0) {
        char mo[4400];
        struct stat st;
        snprintf(mo, sizeof mo, "%s/%s/LC_MESSAGES/%s.mo", dir, language, I18N_DOMAIN);
        if (stat(mo, &st) != 0)
            fail_msg("po/%s.po has no catalogue %s (make; LANGUAGES in the Makefile)", language, mo);
    }
    setenv("LANGUAGE", language, 1);
    if (!setlocale(LC_ALL, "C.UTF-8"))
        fail_msg("no C.UTF-8 locale");
    bindtextdomain(I18N_DOMAIN, dir);
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    textdomain(I18N_DOMAIN);
    if (strcmp(language, "en") != 0 && strcmp(WORDS_KEYS, "keys: ") == 0)
        fail_msg("%s: its catalogue is not used (\"keys: \" is not translated)", language);
}

/* The letters `prompt` offers as "x word": a small letter followed by a
 * space (or a no-break space, which keeps a key with its word when a
 * line wraps), at the start or after "(", "· ", ", " or "? ".  Returns
 * their number; the letters go to `out` (a string). */
static size_t offered(const char *prompt, char *out, size_t size) {
    size_t n = 0;
    for (const char *p = prompt; *p; p++) {
        bool starts = p == prompt || p[-1] == '(' ||
                      (p - prompt >= 2 && p[-1] == ' ' && strchr(",?", p[-2])) ||
                      (p - prompt >= 3 && p[-1] == ' ' && memcmp(p - 3, "\u00b7", 2) == 0);
        bool spaced = p[1] == ' ' || strncmp(p + 1, "\u00a0", 2) == 0;
        if (starts && *p >= 'a' && *p <= 'z' && spaced && n + 1 < size)
            out[n++] = *p;
    }
    out[n] = '\0';
    return n;
}

/* `prompt` offers exactly the letters of `want` (a string), in any order. */
static void names_exactly(const char *language, const char *prompt, const char *want) {
    char got[32];
    offered(prompt, got, sizeof got);
    bool same = strlen(got) == strlen(want);
    for (const char *w = want; same && *w; w++)
        same = strchr(got, *w) != NULL;
    if (!same)
        fail_msg("%s: \"%s\" names the keys \"%s\", but the table (keys.h) answers it with \"%s\"",
                 language, prompt, got, want);
}

static char letter(SessionAnswer a) {
    return (char)keys_answer_char(a);
}

/* Each question against the answers it takes (core.c): the side, yes or
 * no, the choice after a pain (the easier key among the answers), and the
 * ratings' 10. */
static void check_prompts(const char *language) {
    char side[] = {letter(SESSION_ANSWER_LEFT), letter(SESSION_ANSWER_RIGHT), '\0'};
    char yes_no[] = {letter(SESSION_ANSWER_YES), letter(SESSION_ANSWER_NO), '\0'};
    char choice[] = {letter(SESSION_ANSWER_GO_ON), (char)session_keys[SESSION_KEY_EASIER].ch,
                     letter(SESSION_ANSWER_STOP), '\0'};
    char ten[] = {letter(SESSION_ANSWER_TEN), '\0'};
    names_exactly(language, WORDS_ASK_SIDE, side);
    const char *proposals[] = {WORDS_ASK_ADVANCE, WORDS_ASK_ADVANCE_STEP, WORDS_ASK_STEP_BACK,
                               WORDS_ASK_STEP_BACK_STEP};
    for (size_t i = 0; i < sizeof proposals / sizeof *proposals; i++)
        names_exactly(language, proposals[i], yes_no);
    names_exactly(language, WORDS_ASK_PAIN_CHOICE, choice);
    const char *ratings[] = {WORDS_ASK_PAIN, WORDS_ASK_PAIN_LIMIT, WORDS_ASK_EFFORT};
    for (size_t i = 0; i < sizeof ratings / sizeof *ratings; i++)
        names_exactly(language, ratings[i], ten);
    names_exactly(language, WORDS_ASK_DIFFICULTY, ""); /* digits only */
}

/* Keys that act while a question waits (keys.h): no answer may be one. */
static bool acts_during_questions(int ch) {
    static const SessionKeyId acting[] = {SESSION_KEY_PAUSE, SESSION_KEY_DONE, SESSION_KEY_EASIER,
                                          SESSION_KEY_HARDER, SESSION_KEY_QUIT, SESSION_KEY_HELP};
    for (size_t i = 0; i < sizeof acting / sizeof *acting; i++)
        if (session_keys[acting[i]].ch == ch)
            return true;
    return false;
}

/* A translated letter is one small letter (a word would be cut to the
 * English letter without a sign), each answer's is its own, and typing
 * it -- or its capital -- gives that answer. */
static void check_letters(const char *language) {
    for (int i = 0; i < SESSION_ANSWER__COUNT; i++) {
        SessionAnswer a = (SessionAnswer)i;
        if (a == SESSION_ANSWER_ESCAPE)
            continue;
        const char *key = keys_answer_key(a), *local = gettext(key);
        if (local != key && (local[0] < 'a' || local[0] > 'z' || local[1] != '\0'))
            fail_msg("%s: the key of \"%s\" is translated \"%s\", not one small letter a-z", language,
                     key, local);
        int ch = keys_answer_char(a);
        if (ch < 'a' || ch > 'z' || acts_during_questions(ch))
            fail_msg("%s: answer %d's key '%c' is not a letter free of the session's keys", language, i, ch);
        for (int j = 0; j < i; j++)
            if (keys_answer_char((SessionAnswer)j) == ch)
                fail_msg("%s: answers %d and %d are both '%c'", language, j, i, ch);
        assert_int_equal(keys_answer(ch, false), a);
        assert_int_equal(keys_answer(ch - 'a' + 'A', true), a);
        assert_int_equal(keys_answer(ch - 'a' + 'A', false), SESSION_ANSWER_NONE);
    }
    assert_int_equal(keys_rating(letter(SESSION_ANSWER_TEN)), 10);
}

/* The English letters work in every language but where the language gave
 * the letter to another answer (Spanish s is "sí"). */
static void check_english_letters(void) {
    for (int i = 0; i < SESSION_ANSWER__COUNT; i++) {
        int own = keys_answer_own_char((SessionAnswer)i);
        SessionAnswer got = keys_answer(own, false);
        assert_true(got == (SessionAnswer)i || keys_answer_char(got) == own);
    }
}

static void test_every_language(void **state) {
    (void)state;
    Languages l = {0};
    read_languages(&l);
    for (size_t i = 0; i < l.n; i++) {
        speak(l.names[i]);
        check_letters(l.names[i]);
        check_prompts(l.names[i]);
        check_english_letters();
    }
}

/* The table's own letters, in English. */
static void test_english_letters(void **state) {
    (void)state;
    speak("en");
    assert_int_equal(keys_answer_char(SESSION_ANSWER_YES), 'y');
    assert_int_equal(keys_answer_own_char(SESSION_ANSWER_YES), 'y');
    assert_int_equal(keys_answer_char(SESSION_ANSWER_ESCAPE), 27);
    assert_int_equal(keys_answer(27, false), SESSION_ANSWER_ESCAPE);
    assert_int_equal(keys_answer('x', true), SESSION_ANSWER_NONE);
    assert_int_equal(keys_answer(-1, true), SESSION_ANSWER_NONE);
    assert_string_equal(keys_side_word(SIDE_LEFT), "left");
}

/* German and Spanish as their patients type them (the catalogues of po/). */
static void test_german_and_spanish(void **state) {
    (void)state;
    speak("de");
    assert_int_equal(keys_answer('j', false), SESSION_ANSWER_YES);
    assert_int_equal(keys_answer('y', false), SESSION_ANSWER_YES); /* English too */
    assert_int_equal(keys_answer('z', false), SESSION_ANSWER_TEN);
    assert_int_equal(keys_rating('z'), 10);
    speak("es");
    assert_int_equal(keys_answer('s', false), SESSION_ANSWER_YES); /* sí, not stop */
    assert_int_equal(keys_answer('p', false), SESSION_ANSWER_STOP);
    assert_int_equal(keys_answer('d', false), SESSION_ANSWER_RIGHT);
    assert_int_equal(keys_answer('r', false), SESSION_ANSWER_RIGHT);
    assert_string_equal(keys_side_word(SIDE_RIGHT), "derecho");
    speak("en");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_letters),
        cmocka_unit_test(test_german_and_spanish),
        cmocka_unit_test(test_every_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
