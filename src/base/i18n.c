/* i18n.c -- see i18n.h. */
#include "i18n.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ROUTINEC_LOCALEDIR
#define ROUTINEC_LOCALEDIR "/usr/local/share/locale"
#endif

/* The first of LC_ALL, LC_MESSAGES, LANG that is set, as setlocale reads them. */
static const char *wanted_locale(void) {
    static const char *const names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* A locale that is not installed (de_DE.UTF-8 on a minimal system) makes
 * setlocale fail and gettext speak English.  Then run in C.UTF-8 and name
 * the language in LANGUAGE, which gettext reads in any locale but "C". */
static void choose_locale(void) {
    if (setlocale(LC_ALL, ""))
        return;
    const char *want = wanted_locale();
    setlocale(LC_ALL, "C.UTF-8");
    const char *language = getenv("LANGUAGE");
    if (want && strcmp(want, "C") != 0 && strcmp(want, "POSIX") != 0 && !(language && *language)) {
        char code[32];
        size_t len = strcspn(want, ".@");
        if (len > 0 && len < sizeof code) {
            memcpy(code, want, len);
            code[len] = '\0';
            setenv("LANGUAGE", code, 1);
        }
    }
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The build tree's catalogues: locale/ beside the executable (build/), or
 * build/locale/ beside the copy at the top of the tree. */
static bool build_tree_catalogues(char *dir, size_t size) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    static const char *const tails[] = {"/locale", "/build/locale"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        if ((size_t)snprintf(dir, size, "%s%s", exe, tails[i]) < size && is_dir(dir))
            return true;
    }
    return false;
}

void i18n_init(void) {
    choose_locale();
    setlocale(LC_NUMERIC, "C"); /* numbers in files and on screen stay 1.5, never 1,5 */
    char dir[4200];
    bindtextdomain(I18N_DOMAIN, build_tree_catalogues(dir, sizeof dir) ? dir : ROUTINEC_LOCALEDIR);
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    textdomain(I18N_DOMAIN);
}

const char *i18n_voice(void) {
    /* TRANSLATORS: the espeak-ng voice that speaks this language
       (espeak-ng --voices): "de" for German, "es" for Spanish. */
    return _("en");
}

const char *i18n_language(void) {
    return i18n_voice(); /* the voices are named by the language's tag */
}
