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

#include "keys.h"
#include "rig.h"

typedef struct {
    const ScriptedKey *keys;
    size_t n, next;
} Script;

/* The character a scripted key stands for: as typed, or its key's. */
static int char_of(const ScriptedKey *key) {
    return key->ch ? key->ch : keys_char_of(key->key);
}

/* A question that holds the clock (the pain within a limit) takes the
 * scripted keys due now, as a patient would type them: "7s:pain, 7s:3,
 * 7s:g".  None due: no answer (-1). */
static int due_key(Script *script, int64_t now) {
    if (!script->keys || script->next >= script->n || script->keys[script->next].t > now)
        return -1;
    return char_of(&script->keys[script->next++]);
}

/* The next scripted character (-1: none left or a named key). */
static int next_char(const Script *script) {
    return script->next < script->n && script->keys[script->next].ch ? script->keys[script->next].ch : -1;
}

/* Which side is affected, asked before the start: the first scripted key
 * answers when the core takes it as an answer (`--keys 0:l`); any other
 * stays for the session, and the sides by their role play unresolved. */
static void ask_side(SessionCore *core, Script *script) {
    if (!core_side_question(core))
        return;
    int answered = core_answer_side(core, next_char(script), true);
    if (answered > 0)
        script->next++;
    else if (answered < 0)
        core_answer_side(core, -1, false);
}

/* A proposal an earlier session left unanswered, asked next: the next
 * scripted key answers when the core takes it as an answer (`--keys
 * "0:y"`); any other stays for the session, and the proposal is left for
 * the end. */
static void ask_start(SessionCore *core, Script *script) {
    if (core_start_question(core) == SESSION_ASK_NONE)
        return;
    int answered = core_answer_start(core, next_char(script), true);
    if (answered > 0)
        script->next++;
    else if (answered < 0)
        core_answer_start(core, -1, false);
}

static void play(SessionCore *core, Script *script, const TextLines *lines) {
    ask_side(core, script);
    ask_start(core, script);
    int64_t now = core_start_time(core);
    SessionNeed need = core_start(core, now);
    /* Every turn consumes a scripted key, reaches a deadline, or answers a
     * wait, a pause or a question: with finitely many keys, the session
     * ends. */
    while (need.kind != SESSION_NEED_NOTHING) {
        if (lines->failed) {
            core_fail(core, now);
            return;
        }
        if (core_asking_holds(core)) {
            need = core_key(core, now, due_key(script, now), false);
            continue;
        }
        const ScriptedKey *key = script->next < script->n ? &script->keys[script->next] : NULL;
        VirtualTurn turn = virtual_turn(core_status(core), need.deadline, now, key);
        script->next += turn.used;
        now = turn.now;
        need = turn.used && key ? core_key(core, now, char_of(key), false)
                                : core_step(core, now, turn.key);
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
        voice_keep_all(rig.voice); /* simulated time: every phrase is said */
        play(&rig.core, &script, &rig.lines);
        rig_ask(&rig, answer_key, &script, false);
    }
    int result = rig_close(&rig);
    return status ? status : result;
}
