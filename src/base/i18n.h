/*
 * i18n.h -- routinec's own words in the patient's language (GNU gettext,
 * part of the C library on Debian).
 *
 * Only the words routinec itself shows or speaks go through _(): labels,
 * "Rest 5s", "Session complete.", the voice's "hold" and "relax".  A
 * routine's texts are the therapist's and are never translated, and
 * nothing machine-readable is (the JSON event stream, the history's CSV
 * and JSON, the .rtb format, diagnostics' tags).
 *
 * The language comes from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, as for
 * every GNU program.  Translations are po/LL.po, compiled by the Makefile
 * to build/locale/LL/LC_MESSAGES/routinec.mo and installed under
 * PREFIX/share/locale.
 */
#ifndef ROUTINEC_I18N_H
#define ROUTINEC_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "routinec"
#define _(text) gettext(text)
/* Marks a text for translation where it is declared, translated later. */
#define N_(text) (text)

/* setlocale and bindtextdomain: the installed catalogues, or the build
 * tree's when the program runs from it (so tests need no install).  A
 * locale the system does not have (a minimal system has only C.UTF-8)
 * still chooses the language of the messages.  Call once, first thing. */
void i18n_init(void);

/* The language of the messages, as a tag for HTML's lang ("en", "de"). */
const char *i18n_language(void);

/* The espeak-ng voice of the messages' language ("en", "de", "es"). */
const char *i18n_voice(void);

#endif
