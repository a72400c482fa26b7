/* rig.c -- see rig.h. */
#include "rig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bounds.h"
#include "exit.h"
#include "safetext.h"
#include "words.h"

static const char *routine_name(const Rig *r) {
    return r->options->routine_path ? r->options->routine_path : "session";
}

/* stages: a stage's rules and what the history counts for them. */
static SessionProgramme session_programme(const char *stage, uint32_t step, const ProgrammeRule *advance,
                                          const ProgrammeRule *step_back) {
    return (SessionProgramme){.stage = stage,
                              .step = step,
                              .advance = advance->present && advance->can,
                              .advance_to = advance->to,
                              .advance_step = advance->to_step,
                              .advance_after = advance->n,
                              .advance_pain = advance->pain_at_most,
                              .advance_counted = advance->counted,
                              .step_back = step_back->present && step_back->can,
                              .step_back_to = step_back->to,
                              .step_back_step = step_back->to_step,
                              .step_back_after = step_back->n,
                              .step_back_counted = step_back->counted};
}

/* The programme's rules for the core; a proposal left unanswered by an
 * earlier session is asked at the start (not when resuming, nor without
 * a history to record the answer). */
static void set_programme(Rig *r) {
    const Programme *pg = &r->setup.programme;
    if (!pg->in_programme)
        return;
    SessionProgramme sp = session_programme(pg->stage, pg->stepped ? pg->step : 0, &pg->advance, &pg->step_back);
    bool pending = pg->pending != PROGRAMME_PENDING_NONE && !r->setup.resuming && r->setup.store;
    sp.pending = !pending ? SESSION_ASK_NONE
                 : pg->pending == PROGRAMME_PENDING_ADVANCE ? SESSION_ASK_ADVANCE : SESSION_ASK_STEP_BACK;
    bool advance = sp.pending == SESSION_ASK_ADVANCE;
    SessionProgramme moved = session_programme(advance ? sp.advance_to : sp.step_back_to,
                                               advance ? sp.advance_step : sp.step_back_step,
                                               &pg->moved_advance, &pg->moved_step_back);
    core_set_programme(&r->core, &sp, pending ? &moved : NULL);
}

int rig_open(Rig *r, const Program *program, const VmSelection *select,
             const SessionOptions *o) {
    memset(r, 0, sizeof *r);
    r->options = o;
    int status = progress_setup(&r->setup, o->state_dir, !o->no_history, o->resume,
                                routine_name(r), program, select);
    if (!status)
        status = progress_programme(&r->setup, program, routine_name(r), o->disabled, o->n_disabled);
    if (status)
        return status;
    const char *why = NULL;
    r->core_open = true;
    if (!core_open(&r->core, program, &r->setup.select, &why)) {
        safe_text_printf(stderr, "routinec: %s: %s\n", routine_name(r), why ? why : "out of memory");
        return why ? EXIT_USAGE : EXIT_IO;
    }
    if (r->setup.affected_remembered)
        core_affected_remembered(&r->core);
    set_programme(r);
    r->progress = progress_open(r->setup.store, program, &r->setup.select, r->setup.path,
                                r->setup.resuming ? &r->setup.journal : NULL);
    return r->progress ? 0 : EXIT_IO;
}

static void open_voice(Rig *r) {
    char why[300];
    const SessionOptions *o = r->options;
    if (!o->voice && !o->voice_command)
        return;
    r->voice = voice_open(o->voice_command, why, sizeof why);
    if (!r->voice)
        safe_text_printf(stderr, "routinec: --voice: %s\n", why);
}

/* Put the core where the journal says; a snapshot that does not fit the
 * program is refused (the hash matched, so the journal is damaged). */
static int restore(Rig *r) {
    const StorePosition *pos = &r->setup.journal.position;
    const char *why = NULL;
    if (!r->setup.resuming || !pos->has_snapshot)
        return 0; /* saved before the first rep: start from the top */
    if (core_restore(&r->core, &pos->snap, progress_session(r->progress),
                     progress_reps_done(r->progress), &why))
        return 0;
    safe_text_printf(stderr, "routinec: %s: the saved session cannot be continued: %s; "
                    "start it again without --resume\n", routine_name(r), why);
    return EXIT_INPUT;
}

/* `under` through a cap on what one session may write (or as it is, when
 * out of memory: the bound is a guard, not the session's purpose). */
static FILE *capped(OutputCap *cap, FILE *under) {
    FILE *out = under ? output_cap_open(cap, under, MAX_RUN_OUTPUT_BYTES) : NULL;
    return out ? out : under;
}

static void close_caps(Rig *r) {
    if (r->log.out && r->log.out != r->options->events && r->log.out != r->lines.out)
        fclose(r->log.out);
    if (r->lines.out && r->lines.out != (r->options->out ? r->options->out : stdout))
        fclose(r->lines.out);
    r->log.out = r->lines.out = NULL;
}

int rig_attach(Rig *r, bool text_lines) {
    FILE *lines = r->options->out ? r->options->out : stdout;
    r->text_lines = text_lines;
    r->lines.out = capped(&r->lines_cap, lines);
    r->log.out = r->options->events == lines ? r->lines.out : capped(&r->log_cap, r->options->events);
    open_voice(r);
    r->persist = persist_open(r->progress);
    if (!r->persist)
        return EXIT_IO;
    if (text_lines)
        core_add_sink(&r->core, text_lines_sink(&r->lines));
    core_add_sink(&r->core, event_log_sink(&r->log));
    if (r->voice)
        core_add_sink(&r->core, voice_cues_sink(r->voice));
    core_add_sink(&r->core, persist_sink(r->persist));
    return restore(r);
}

FILE *rig_talk(const Rig *r) {
    return r->log.out == r->lines.out ? stderr : r->lines.out;
}

/* The width of the terminal `out` is, or 0 (not a terminal: no wrapping). */
static int terminal_width(FILE *out) {
    struct winsize ws;
    if (!isatty(fileno(out)) || ioctl(fileno(out), TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

/* Columns of the UTF-8 bytes [s, s + n): one per character. */
static int columns(const char *s, size_t n) {
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cols;
}

/* `prefix` and `text` wrapped at spaces to `width` (0: one line), the
 * last line ended by `end`: a terminal would split words at its edge. */
static void say_wrapped(FILE *out, int width, const char *prefix, const char *text,
                        const char *end) {
    char line[2048];
    snprintf(line, sizeof line, "%s%s", prefix, text);
    const char *s = line;
    while (width > 0 && columns(s, strlen(s)) > width) {
        const char *cut = NULL;
        for (const char *p = s; *p && columns(s, (size_t)(p - s)) <= width; p++)
            if (*p == ' ')
                cut = p;
        if (!cut)
            break; /* one word longer than the line: the terminal folds it */
        fprintf(out, "%.*s\n", (int)(cut - s), s);
        s = cut + 1;
    }
    fprintf(out, "%s%s", s, end);
}

/* Said first at a pain stop, before the question: what the routine's
 * safety notes say to do now. */
static void show_safety(const Rig *r, FILE *out) {
    const char *const *texts;
    uint32_t n = core_safety(&r->core, &texts);
    int width = terminal_width(out);
    say_wrapped(out, width, "", WORDS_PAIN_STOPPED, "\n");
    for (uint32_t i = 0; i < n; i++) { /* the routine's words: through safetext.h */
        char *safe = safe_text_dup(texts[i], strlen(texts[i]), SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
        say_wrapped(out, width, WORDS_SAFETY, safe ? safe : "", "\n");
        free(safe);
    }
    if (n == 0)
        say_wrapped(out, width, "", WORDS_PAIN_DEFAULT, "\n");
    fflush(out);
}

void rig_ask(Rig *r, int (*read_key)(void *ctx), void *ctx, bool prompt) {
    FILE *out = rig_talk(r);
    char words[512];
    if (core_outcome(&r->core) == SESSION_PAIN)
        show_safety(r, out);
    for (SessionQuestion q; (q = core_question(&r->core)) != SESSION_ASK_NONE;) {
        if (prompt) {
            say_wrapped(out, terminal_width(out), "", core_prompt(&r->core, q, words, sizeof words), " ");
            fflush(out);
        }
        int answered;
        while ((answered = core_answer(&r->core, read_key(ctx), prompt)) < 0)
            ;
        if (prompt)
            fprintf(out, "%s\n", answered ? WORDS_THANKS : WORDS_SKIPPED);
    }
}

int rig_close(Rig *r) {
    persist_close(r->persist); /* the record is complete before anything is said */
    voice_close(r->voice);
    const char *warning = progress_warning(r->progress);
    if (warning)
        safe_text_printf(stderr, "routinec: %s\n", warning);
    close_caps(r);
    text_lines_report(&r->lines, stderr);
    if (r->log.failed) {
        event_log_report(&r->log, r->options->events_name ? r->options->events_name : "-", stderr);
        core_record_incomplete(&r->core);
    }
    int status = core_exit_status(&r->core);
    progress_close(r->progress);
    progress_setup_free(&r->setup);
    if (r->core_open)
        core_close(&r->core);
    return status;
}
