/*
 * gen.c -- write a large, realistic benchmark input of a given size.
 *
 *   gen rt  BYTES   a routine (.rt) of about BYTES bytes on stdout
 *   gen lua BYTES   a Lua file of about the same size and token density
 *
 * The routine is what a clinic's shared library would look like, scaled
 * up: "parts", each defining six exercises at file level (positions, cues,
 * holds, repeats, sides, sets, rests, variants, build up), and one routine
 * that plays every part in its own section with `do`, a circuit, a nested
 * section and an exercise defined inline.  Every exercise is played, so code
 * generation sees all of it.  Holds and rests are short (hundreds of ms) so
 * that the verifier's worst-case session stays under MAX_SESSION_MS (24 h)
 * even at 10 MB; the text around them is full-length handout prose.
 *
 * The Lua file holds the same parts as tables and functions with the same
 * strings, so `luac -p` sees a similar number of tokens per byte.
 *
 * Output is deterministic (no randomness, no clock), so runs compare.
 * The output always ends with a complete part: it is at least BYTES long
 * and exceeds it by less than one part (about 3 KB).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Handout prose, cycled through by part number. */
static const char *const positions[] = {
    "Lie on your back with your knees bent and both feet on the ground.",
    "Start on your hands and knees, hands under your shoulders.",
    "Stand facing the wall with your feet hip-width apart.",
    "Lie face down, arms extended overhead, palms on the floor.",
    "Sit on a firm chair with your back straight and feet flat.",
    "Stand with your back against the wall, feet 12 inches from it.",
};
static const char *const cues[] = {
    "Slowly raise your knee to your chest as you flatten your lower back against the floor.",
    "Tighten your stomach muscles and keep breathing smoothly.",
    "Raise and straighten one arm and the opposite leg until they are parallel to the ground.",
    "Come back slowly to the starting position.",
    "Move your foot up and down, towards your head, and then away.",
    "Do not lift your foot off the floor (this is not a leg lift).",
    "Keep your head in line with your body, do not bend your neck forward.",
    "If you have trouble balancing, you can touch the wall with your hands.",
    "Let your pelvis rock back until your lower back is flat on the floor.",
    "Slowly bend your knees until they are at about a 45 degree angle.",
};
static const char *const therapist_notes[] = {
    "Flexion stretch of the lumbar extensors; the flat back adds a posterior pelvic tilt.",
    "Quadruped opposite arm and leg raise: trunk stability with the spine unloaded.",
    "Self-paced so that a patient who needs the wall for balance is never rushed.",
    "Isometric abdominal activation; the hands on the stomach give feedback.",
};
static const char *const sides[] = {"knee", "leg", "foot", "arm", "hip"};

#define COUNT_OF(a) (sizeof (a) / sizeof *(a))
#define PART_CAP 8192u /* more than one part's routine text */

/* Where output goes, and how much of it there is so far. */
typedef struct {
    FILE *out;
    size_t bytes;
    char *routine;       /* the routine body, written after the library */
    size_t routine_len, routine_cap;
} Gen;

static void die(const char *what) {
    fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
    exit(2);
}

/* Text for the file itself (the library part). */
static void put(Gen *g, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(g->out, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("write");
    g->bytes += (size_t)n;
}

/* Text for the routine, kept in memory until the library is written. */
static void put_routine(Gen *g, const char *fmt, ...) {
    if (g->routine_cap - g->routine_len < PART_CAP) {
        size_t cap = g->routine_cap ? g->routine_cap * 2 : 4 * PART_CAP;
        char *p = realloc(g->routine, cap);
        if (!p)
            die("memory");
        g->routine = p;
        g->routine_cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->routine + g->routine_len, g->routine_cap - g->routine_len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= g->routine_cap - g->routine_len)
        die("format");
    g->routine_len += (size_t)n;
}

static const char *pick(const char *const *list, size_t n, unsigned long i) { return list[i % n]; }
#define PICK(list, i) pick(list, COUNT_OF(list), (i))

/* ---- the routine --------------------------------------------------------- */

static void rt_common(Gen *g, unsigned long p, unsigned k) {
    put(g, "    position \"%s\";\n", PICK(positions, p + k));
    put(g, "    cue \"%s\";\n", PICK(cues, p + k));
    put(g, "    cue \"%s\" \"Hold, then relax.\";\n", PICK(cues, p + k + 3));
}

static void rt_library(Gen *g, unsigned long p) {
    put(g, "# ---- part %lu ----------------------------------------------------\n\n", p);
    put(g, "exercise \"Knee to chest %lu\" stretch {\n", p);
    rt_common(g, p, 0);
    put(g, "    hold 400ms; repeat 2 each side;\n    side \"%s\";\n", PICK(sides, p));
    put(g, "    rest 0s between reps; rest 100ms between sides;\n");
    put(g, "    therapist \"%s\";\n}\n\n", PICK(therapist_notes, p));

    put(g, "exercise \"Bird dog %lu\" strength {\n", p);
    rt_common(g, p, 1);
    put(g, "    hold 300ms;\n    repeat 2 alternating;\n");
    put(g, "    right side \"right arm and left leg\";\n    left side \"left arm and right leg\";\n");
    put(g, "    right side first;\n    rest 0s between reps;\n");
    put(g, "    build up to 3 times by 1 when \"Gradually build up to 3 times.\";\n");
    put(g, "    variant \"Both arms and legs\" level advanced {\n");
    put(g, "        cue \"Raise both arms and both legs a few inches off the floor.\";\n");
    put(g, "        hold 200ms;\n        repeat 1;\n    }\n}\n\n");

    put(g, "exercise \"Heel raises %lu\" balance {\n", p);
    rt_common(g, p, 2);
    put(g, "    repeat 3; tempo 200ms;\n    sets 2; rest 100ms between sets;\n");
    put(g, "    note \"Touch the wall if you need to.\";\n}\n\n");

    put(g, "exercise \"Abdominal hold %lu\" isometric {\n", p);
    rt_common(g, p, 3);
    put(g, "    hold up to 500ms; // as long as is comfortable\n    repeat 2;\n");
    put(g, "    rest 0s between reps;\n    safety \"Stop if you feel pain.\";\n}\n\n");

    put(g, "exercise \"Ankle pumps %lu\" mobility {\n", p);
    rt_common(g, p, 4);
    put(g, "    repeat 3 each side;\n    side \"foot\";\n    at own pace;\n");
    put(g, "    rest 0s between sides;\n}\n\n");

    put(g, "exercise \"Deep breathing %lu\" breathing {\n", p);
    put(g, "    position \"%s\";\n", PICK(positions, p + 5));
    put(g, "    breathe \"Breathe in slowly through your nose, then out through your mouth.\";\n");
    put(g, "    hold 200ms;\n    repeat 2;\n    rest 0s between reps;\n");
    put(g, "    build up to 400ms holds by 100ms;\n}\n\n");
}

static void rt_section(Gen *g, unsigned long p) {
    put_routine(g, "    section \"Part %lu\" level %s {\n", p, p % 2 ? "initial" : "advanced");
    put_routine(g, "        note \"%s\";\n", PICK(therapist_notes, p + 1));
    put_routine(g, "        do \"Knee to chest %lu\";\n", p);
    put_routine(g, "        do \"Bird dog %lu\" variant \"Both arms and legs\";\n", p);
    put_routine(g, "        circuit \"Circuit %lu\" 2 rounds {\n", p);
    put_routine(g, "            do \"Heel raises %lu\";\n", p);
    put_routine(g, "            do \"Abdominal hold %lu\" { hold 200ms; repeat 1 }\n", p);
    put_routine(g, "            rest 0s between rounds;\n        }\n");
    put_routine(g, "        section \"Lying down %lu\" {\n", p);
    put_routine(g, "            exercise \"Pelvic tilt %lu\" strength {\n", p);
    put_routine(g, "                breathe \"Inhale, exhale.\";\n");
    put_routine(g, "                cue \"%s\";\n", PICK(cues, p + 8));
    put_routine(g, "                hold 300ms; repeat 1;\n            }\n");
    put_routine(g, "            do \"Ankle pumps %lu\";\n", p);
    put_routine(g, "            do \"Deep breathing %lu\";\n        }\n    }\n\n", p);
}

static void gen_rt(Gen *g, size_t target) {
    put(g, "# Generated by tests/bench/gen.c: a benchmark routine of about %zu bytes.\n", target);
    put(g, "# Parts of six exercises each, defined as a library and all played below.\n\n");
    static const char head[] =
        "routine \"Benchmark routine\" {\n"
        "    schedule 10min to 30min a day, 1 to 3 times a day, in the morning;\n"
        "    get ready 0s;\n"
        "    safety \"If you feel pain while doing any of these exercises, stop.\";\n\n";
    for (unsigned long p = 1; g->bytes + g->routine_len + sizeof head + 2 < target; p++) {
        rt_library(g, p);
        rt_section(g, p);
    }
    put(g, "%s", head);
    if (fwrite(g->routine, 1, g->routine_len, g->out) != g->routine_len)
        die("write");
    put(g, "}\n");
}

/* ---- the same in Lua ------------------------------------------------------- */

static void lua_exercise(Gen *g, const char *name, unsigned long p, const char *kind, unsigned k) {
    put(g, "exercises[\"%s %lu\"] = {\n  kind = \"%s\",\n", name, p, kind);
    put(g, "  position = \"%s\",\n", PICK(positions, p + k));
    put(g, "  cues = { \"%s\", \"%s\" .. \"Hold, then relax.\" },\n",
        PICK(cues, p + k), PICK(cues, p + k + 3));
}

static void lua_library(Gen *g, unsigned long p) {
    put(g, "-- ---- part %lu ----------------------------------------------------\n\n", p);
    lua_exercise(g, "Knee to chest", p, "stretch", 0);
    put(g, "  hold = 400, reps = 2, sides = \"each\", side = \"%s\",\n", PICK(sides, p));
    put(g, "  rest = { reps = 0, sides = 100 },\n");
    put(g, "  therapist = \"%s\",\n}\n\n", PICK(therapist_notes, p));

    lua_exercise(g, "Bird dog", p, "strength", 1);
    put(g, "  hold = 300, reps = 2, sides = \"alternating\",\n");
    put(g, "  labels = { right = \"right arm and left leg\", left = \"left arm and right leg\" },\n");
    put(g, "  first = \"right\", rest = { reps = 0 },\n");
    put(g, "  build = { to = 3, by = 1, when = \"Gradually build up to 3 times.\" },\n");
    put(g, "  variants = { [\"Both arms and legs\"] = { level = \"advanced\",\n");
    put(g, "    cues = { \"Raise both arms and both legs a few inches off the floor.\" },\n");
    put(g, "    hold = 200, reps = 1 } },\n}\n\n");

    lua_exercise(g, "Heel raises", p, "balance", 2);
    put(g, "  reps = 3, tempo = 200, sets = 2, rest = { sets = 100 },\n");
    put(g, "  notes = { \"Touch the wall if you need to.\" },\n}\n\n");

    lua_exercise(g, "Abdominal hold", p, "isometric", 3);
    put(g, "  hold = { up_to = 500 }, -- as long as is comfortable\n  reps = 2,\n");
    put(g, "  rest = { reps = 0 }, safety = \"Stop if you feel pain.\",\n}\n\n");

    lua_exercise(g, "Ankle pumps", p, "mobility", 4);
    put(g, "  reps = 3, sides = \"each\", side = \"foot\", own_pace = true,\n");
    put(g, "  rest = { sides = 0 },\n}\n\n");

    put(g, "exercises[\"Deep breathing %lu\"] = {\n  kind = \"breathing\",\n", p);
    put(g, "  position = \"%s\",\n", PICK(positions, p + 5));
    put(g, "  breathe = \"Breathe in slowly through your nose, then out through your mouth.\",\n");
    put(g, "  hold = 200, reps = 2, rest = { reps = 0 },\n");
    put(g, "  build = { to = 400, by = 100, holds = true },\n}\n\n");
}

static void lua_section(Gen *g, unsigned long p) {
    put(g, "parts[%lu] = function(play)\n", p);
    put(g, "  play.section(\"Part %lu\", \"%s\")\n", p, p % 2 ? "initial" : "advanced");
    put(g, "  play.note(\"%s\")\n", PICK(therapist_notes, p + 1));
    put(g, "  play.exercise(\"Knee to chest %lu\")\n", p);
    put(g, "  play.exercise(\"Bird dog %lu\", { variant = \"Both arms and legs\" })\n", p);
    put(g, "  for round = 1, 2 do\n    play.exercise(\"Heel raises %lu\")\n", p);
    put(g, "    play.exercise(\"Abdominal hold %lu\", { hold = 200, reps = 1 })\n", p);
    put(g, "    play.rest(0, round)\n  end\n");
    put(g, "  play.section(\"Lying down %lu\")\n", p);
    put(g, "  play.inline(\"Pelvic tilt %lu\", { kind = \"strength\", breathe = \"Inhale, exhale.\",\n", p);
    put(g, "    cues = { \"%s\" }, hold = 300, reps = 1 })\n", PICK(cues, p + 8));
    put(g, "  play.exercise(\"Ankle pumps %lu\")\n", p);
    put(g, "  play.exercise(\"Deep breathing %lu\")\n  play.done()\nend\n\n", p);
}

static void gen_lua(Gen *g, size_t target) {
    put(g, "-- Generated by tests/bench/gen.c: the Lua twin of the benchmark routine.\n");
    put(g, "local exercises, parts = {}, {}\n\n");
    for (unsigned long p = 1; g->bytes + 64 < target; p++) {
        lua_library(g, p);
        lua_section(g, p);
    }
    put(g, "return { exercises = exercises, parts = parts }\n");
}

int main(int argc, char **argv) {
    char *end = NULL;
    unsigned long long n = argc == 3 ? strtoull(argv[2], &end, 10) : 0;
    if (argc != 3 || !end || *end || n == 0 || n > (1ull << 32)
        || (strcmp(argv[1], "rt") != 0 && strcmp(argv[1], "lua") != 0)) {
        fprintf(stderr, "usage: gen rt|lua BYTES\n");
        return 2;
    }
    Gen g = {.out = stdout};
    if (strcmp(argv[1], "rt") == 0)
        gen_rt(&g, (size_t)n);
    else
        gen_lua(&g, (size_t)n);
    free(g.routine);
    if (fflush(stdout) != 0)
        die("write");
    return 0;
}
