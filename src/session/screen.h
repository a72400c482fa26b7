/*
 * screen.h -- the full-screen view of a session (ncursesw).
 *
 * The screen is a view, not a driver: session.c owns the clock, the keys
 * and the VM.  It feeds the screen every event (screen_event) so the screen
 * can keep what it shows (exercise, cues, rep, side...), and asks it to draw
 * with a snapshot of the VM's timing (ScreenClock).  The layout is meant to
 * be read from across a room: the exercise name in bold, the rep and side in
 * words, a countdown in large block digits when the terminal is big enough.
 * Nothing is said by colour alone.
 */
#ifndef ROUTINEC_SCREEN_H
#define ROUTINEC_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vm.h"

typedef struct Screen Screen;

/* What the VM is doing right now, in session milliseconds. */
typedef struct {
    int64_t now;
    VmStatus status;
    VmActivity activity;
    HoldKind hold;
    int64_t deadline;             /* VM_WAIT_TIME: when the step ends */
    int64_t activity_start;       /* when the step began (open holds count up) */
    int64_t remaining_when_paused;
    int64_t paused_at;            /* when the pause began */
    bool paused;
    const char *next_exercise;    /* NULL when not known */
    bool next_is_end;             /* nothing follows the current exercise */
    const VmEvent *next_rep;      /* resting between reps: the rep that follows, or NULL */
} ScreenClock;

/* Take over the terminal on (`in`, `out`).  Returns NULL (and leaves the
 * terminal untouched) when the terminal cannot be used, e.g. TERM unknown. */
Screen *screen_open(FILE *in, FILE *out);

/* Restore the terminal and free the screen.  NULL is allowed. */
void screen_close(Screen *screen);

/* Give the terminal back for a while (suspend), and take it again. */
void screen_suspend(Screen *screen);
void screen_resume(Screen *screen);

/* The terminal changed size (SIGWINCH): ask it and lay out again. */
void screen_resize(Screen *screen);

/* Remember what `event` changes on the screen. */
void screen_event(Screen *screen, const VmEvent *event);

void screen_toggle_help(Screen *screen);

/* The calm start, before the session clock runs: the routine's title, its
 * notes and safety notes, the keys, and "Press Enter to start".  Begin it,
 * give it the texts (EV_NOTE, EV_SAFETY or EV_GATE, in the program's
 * order; the text must outlive the screen), draw as usual, and end it when
 * the patient starts.  `resuming`: the session continues where it was left
 * (in the exercise of the last EV_EXERCISE the screen was given). */
void screen_intro_begin(Screen *screen, const char *title, bool resuming);
void screen_intro_text(Screen *screen, VmEventKind kind, const char *text);
/* lang-b: one event of vm_intro(): a note, safety note or gate as
 * screen_intro_text(), a schedule, rule or thing to fetch in words. */
void screen_intro_event(Screen *screen, const VmEvent *ev);

/* lang-b: a question shown while the session is paused (the pain within
 * the limit), instead of "PAUSED"; NULL takes it away.  `question` must
 * stay valid while shown. */
void screen_prompt(Screen *screen, const char *question);
void screen_intro_end(Screen *screen);

/* Draw when anything changed since the last draw, or the displayed
 * countdown second did.  Cheap when nothing did. */
void screen_draw(Screen *screen, const ScreenClock *clock);

/* Session time (ms) at which the displayed countdown next changes, or -1
 * when nothing on screen depends on the clock. */
int64_t screen_next_tick(const ScreenClock *clock);

/* What screen_read_key() returns besides a plain character.  (The screen
 * translates ncurses' key codes itself: <curses.h> defines KEY_NEXT, which
 * would silently replace the VmKey of that name in any file including both.) */
enum {
    SCREEN_KEY_NONE = -1,   /* no key now; ncurses says the same at end of input */
    SCREEN_KEY_RESIZE = -2, /* ncurses noticed a new size (already redrawn) */
    SCREEN_KEY_OTHER = -3,  /* a function key the session does not use */
};

/* One key without waiting: a character ('\n' for any Enter key), or one of
 * the SCREEN_KEY_ values. */
int screen_read_key(Screen *screen);

#endif
