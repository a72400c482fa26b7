/*
 * test_voice.c -- what the voice says, when the beeps come, and that the
 * speech command really runs with the phrase as its one argument.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "voice.h"

static const char *phrase_of(VmEvent ev) {
    static char out[VOICE_PHRASE_MAX];
    return voice_phrase(&ev, out, sizeof out) ? out : NULL;
}

static void test_phrases(void **state) {
    (void)state;
    assert_string_equal(phrase_of((VmEvent){.kind = EV_EXERCISE, .text = "Bridge"}), "Bridge");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_SIDE, .side = SIDE_LEFT}), "left side");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_SIDE, .side = SIDE_RIGHT, .detail = "right knee"}),
                        "right knee");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 3, .of = 10}), "3");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REST, .ms = 2000}), "relax");
    assert_null(phrase_of((VmEvent){.kind = EV_CUE, .text = "Breathe"}));
    assert_null(phrase_of((VmEvent){.kind = EV_END, .completed = false}));
    /* each phase of `tempo 1s up, hold 2s, 3s down;` is said as it starts */
    assert_string_equal(phrase_of((VmEvent){.kind = EV_PHASE, .code = TEMPO_UP, .n = 1, .of = 3}), "Up");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_PHASE, .code = TEMPO_HOLD, .n = 2, .of = 3}), "Hold");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_PHASE, .code = TEMPO_DOWN, .n = 3, .of = 3}), "Down");
    assert_null(phrase_of((VmEvent){.kind = EV_TEMPO, .ms = 6000, .of = 3}));
}

/* A range says both ends at its first rep, and once past its lower end
 * that Enter may end it; the other reps are just the count.  Sides named
 * by their role say the patient's side too. */
static void test_range_and_role_phrases(void **state) {
    (void)state;
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 1, .of = 12, .least = 8}), "1, 8 to 12");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 5, .of = 12, .least = 8}), "5");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 9, .of = 12, .least = 8}),
                        "9, 8 to 12, Enter when you have had enough");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 10, .of = 12, .least = 8}), "10");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 1, .of = 10, .least = 1}), "1, up to 10");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_REP, .n = 2, .of = 10, .least = 1}),
                        "2, up to 10, Enter when you have had enough");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_SIDE, .side = SIDE_LEFT, .role = ROLE_AFFECTED,
                                            .detail = "operated leg"}),
                        "operated leg, left side");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_SIDE, .role = ROLE_AFFECTED, .detail = "operated leg"}),
                        "operated leg");
    assert_string_equal(phrase_of((VmEvent){.kind = EV_SIDE, .side = SIDE_BOTH, .detail = "both legs"}),
                        "both legs");
}

static void test_beeps_in_the_last_three_seconds(void **state) {
    (void)state;
    /* A 10 s hold from 5 s: beeps at 12, 13 and 14 s. */
    assert_int_equal(voice_next_beep(5000, 15000, -1), 12000);
    assert_int_equal(voice_next_beep(5000, 15000, 12000), 13000);
    assert_int_equal(voice_next_beep(5000, 15000, 13000), 14000);
    assert_int_equal(voice_next_beep(5000, 15000, 14000), -1);
    /* A 2 s hold has room for the last two only. */
    assert_int_equal(voice_next_beep(0, 2000, -1), 1000);
}

static void test_missing_command_is_reported(void **state) {
    (void)state;
    char why[256];
    assert_null(voice_open("/nonexistent/speak-tool -v en", why, sizeof why));
    assert_non_null(strstr(why, "was not found"));
    assert_null(voice_open("   ", why, sizeof why));
}

/* The command records its arguments: each phrase arrives whole, in order,
 * with its spaces, a leading dash does not become an option, and control
 * characters from the routine arrive as spaces. */
static void test_phrases_reach_the_command(void **state) {
    (void)state;
    char dir[] = "/tmp/routinec-voice-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char script[64], log[64], command[160];
    snprintf(script, sizeof script, "%s/say", dir);
    snprintf(log, sizeof log, "%s/said", dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\nprintf '%%s|%%s\\n' \"$2\" \"$#\" >>'%s'\n", log);
    fclose(f);
    assert_int_equal(chmod(script, 0755), 0);
    snprintf(command, sizeof command, "%s --flag", script);
    char why[256];
    Voice *v = voice_open(command, why, sizeof why);
    if (!v)
        fail_msg("voice_open: %s", why);
    voice_say(v, "Knee to chest");
    voice_say(v, "-3");
    voice_say(v, "Bridge\033[2J\r\n\302\233x\177"); /* ESC, CR, LF, C1 CSI, DEL */
    voice_close(v);
    char said[256] = "";  /* one line per phrase: no newline inside one */
    f = fopen(log, "r");
    assert_non_null(f);
    size_t n = fread(said, 1, sizeof said - 1, f);
    said[n] = '\0';
    fclose(f);
    assert_string_equal(said, "Knee to chest|2\n -3|2\nBridge [2J    x |2\n");
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Twenty phrases said at once (as on the virtual clock, where a whole
 * session passes in an instant), never reaped in between: in real time
 * the queue keeps the first phrase and the last eight (a count already
 * past is not worth saying); with voice_keep_all every phrase is said, in
 * order. */
static void said_of_twenty(bool keep_all, char *said, size_t size) {
    char dir[] = "/tmp/routinec-voice-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char script[64], log[64], why[256];
    snprintf(script, sizeof script, "%s/say", dir);
    snprintf(log, sizeof log, "%s/said", dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\nprintf '%%s ' \"$1\" >>'%s'\n", log);
    fclose(f);
    assert_int_equal(chmod(script, 0755), 0);
    Voice *v = voice_open(script, why, sizeof why);
    if (!v)
        fail_msg("voice_open: %s", why);
    if (keep_all)
        voice_keep_all(v);
    for (int i = 1; i <= 20; i++) {
        char phrase[16];
        snprintf(phrase, sizeof phrase, "%d", i);
        voice_say(v, phrase);
    }
    voice_close(v);
    f = fopen(log, "r");
    assert_non_null(f);
    size_t n = fread(said, 1, size - 1, f);
    said[n] = '\0';
    fclose(f);
    assert_int_equal(unlink(log), 0);
    assert_int_equal(unlink(script), 0);
    assert_int_equal(rmdir(dir), 0);
}

static void test_keep_all_says_every_phrase(void **state) {
    (void)state;
    char said[256];
    said_of_twenty(false, said, sizeof said);
    assert_string_equal(said, "1 13 14 15 16 17 18 19 20 ");
    said_of_twenty(true, said, sizeof said);
    assert_string_equal(said, "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 ");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_range_and_role_phrases),
        cmocka_unit_test(test_beeps_in_the_last_three_seconds),
        cmocka_unit_test(test_missing_command_is_reported),
        cmocka_unit_test(test_phrases_reach_the_command),
        cmocka_unit_test(test_keep_all_says_every_phrase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
