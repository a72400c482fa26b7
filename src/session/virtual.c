/*
 * virtual.c -- the virtual host: simulated time and scripted keys.
 *
 * The session core is stepped turn by turn (virtual_turn, driver.h): time
 * jumps to the next deadline unless a scripted key comes first.  What it
 * shows goes to the same sinks as on the terminal, but for the screen:
 * plain lines, the JSON stream, the voice and the progress record.  Keys
 * left after the end answer the question.
 */
#include "session.h"

#include "rig.h"

typedef struct {
    const ScriptedKey *keys;
    size_t n, next;
} Script;

static int answer_key(void *ctx);

/* lang-b: the pain key in an exercise with a `pain limit`: the scripted
 * characters after it answer, as a patient would type them -- the rating
 * (0-9, t for 10), then g (go on), e (easier) or s (stop).  No rating: a
 * pain stop. */
static SessionNeed pain_within_limit(SessionCore *core, Script *script, int64_t now) {
    int ch = answer_key(script);
    int rating = ch >= '0' && ch <= '9' ? ch - '0' : ch == 't' ? 10 : -1;
    int said = rating >= 0 ? answer_key(script) : -1;
    VmPainChoice choice = said == 'g' ? VM_PAIN_GO_ON : said == 'e' ? VM_PAIN_EASIER : VM_PAIN_STOP;
    return core_pain(core, now, rating, choice);
}

static void play(SessionCore *core, Script *script, const TextLines *lines) {
    int64_t now = core_start_time(core);
    SessionNeed need = core_start(core, now);
    /* Every turn consumes a scripted key, reaches a deadline, or answers a
     * wait or a pause: with finitely many keys, the session ends. */
    while (need.kind != SESSION_NEED_NOTHING) {
        if (lines->failed) {
            core_fail(core, now);
            return;
        }
        const ScriptedKey *key = script->next < script->n ? &script->keys[script->next] : NULL;
        VirtualTurn turn = virtual_turn(core_status(core), need.deadline, now, key);
        script->next += turn.used;
        now = turn.now;
        if (turn.key == VM_KEY_PAIN && core_pain_limit(core, NULL, NULL))
            need = pain_within_limit(core, script, now); /* lang-b */
        else
            need = core_step(core, now, turn.key);
    }
}

/* The next scripted character, as an answer (-1: none left). */
static int answer_key(void *ctx) {
    Script *script = ctx;
    if (script->next >= script->n)
        return -1;
    const ScriptedKey *key = &script->keys[script->next++];
    return key->ch ? key->ch : -1;
}

int session_run_virtual(const Program *program, const VmSelection *select,
                        const SessionOptions *options, const ScriptedKey *keys,
                        size_t n_keys) {
    Rig rig;
    Script script = {keys, n_keys, 0};
    int status = rig_open(&rig, program, select, options);
    if (!status)
        status = rig_attach(&rig, options->events != (options->out ? options->out : stdout));
    if (!status) {
        play(&rig.core, &script, &rig.lines);
        rig_ask(&rig, answer_key, &script, false);
    }
    int result = rig_close(&rig);
    return status ? status : result;
}
