/*
 * lint_text.c -- one pass over a text, then a table of phrases (see
 * lint_text.h).
 *
 * Phrases are written in normalised words.  A token is a word or several
 * separated by `|` (any of them); `~` skips 0 to 3 words of the same
 * clause; `!a|b` says the next word is none of these (or the clause ends);
 * `$` says the clause ends here.  Words are compared by their FNV-1a hash
 * folded to 32 bits: the table holds a few hundred words, so a false match between a
 * text's word and a phrase's word is about one in ten million texts, and
 * costs one wrong finding, never memory safety.
 *
 * The cost per text is one pass over its bytes plus, for each word, one
 * probe of a hash table of first words: linting is a small fraction of
 * compiling (see `make bench`).
 */
#include "lint_text.h"

#include "hash.h"

#include <stdlib.h>
#include <string.h>

/* ---- the phrases -------------------------------------------------------- */

typedef struct {
    LintSays says;
    const char *words;
} Phrase;

#define S(what) LINT_SAYS_##what

/* What hands do to a head when they pull on the neck. */
#define HEAD_VERBS "draw|pull|press|push|bring|force|lift|raise|haul|heave|crank|yank|tug|help|assist"

/* How a movement becomes ballistic. */
#define FORCEFULLY "hard|fast|quickly|quick|rapidly|forcefully|forcibly|vigorously|violently|explosively|sharply|briskly"
/* What "hold" holds when it is not the breath: "breathe in and hold the
 * stretch" is a stretch. */
#define HOLD_OBJECT "!the|your|this|that|these|a|an|position|pose|stretch|still|on|onto|tight|steady|weight|" \
                    "ball|band|squeeze|contraction|leg|legs|arm|arms|knee|knees|there|here|both|each|one"

static const Phrase phrases[] = {
    /* breath-holding in its many wordings */
    {S(BREATH_HOLD), "hold|holding|held|holds|keep|keeping ~ breath|breaths"},
    {S(BREATH_HOLD), "breath|breaths held"},
    {S(BREATH_HOLD), "with ~ breath|breaths in|held"}, /* "take a breath in" is an inhale */
    {S(BREATH_HOLD), "breath|breathe|inhale|air ~ and|then hold|keep|lock|trap it|that"},
    {S(BREATH_HOLD), "breath|breathe|inhale|air ~ and keep|keeping holding|hold it|that"},
    {S(BREATH_HOLD), "breath|breathe|inhale in and hold $"},
    {S(BREATH_HOLD), "breath hold|holding|holds"},
    {S(BREATH_HOLD), "stop|stopping breathing"},
    {S(BREATH_HOLD), "not|never breathe|breath|exhale|breathing ~ until|till|while|during|as"},
    {S(BREATH_HOLD), "not|never breathe|exhale $"},
    {S(BREATH_HOLD), "not|never let|letting ~ breath|air out"},
    {S(BREATH_HOLD), "not|never let|letting it out !of"},
    /* an inhale, then "hold" with nothing else to hold: "breathe in, then
     * hold for five", "take a breath and hold." */
    {S(BREATH_HOLD), "inhale|inhaling ~ and|then hold|holding|lock|locking " HOLD_OBJECT},
    {S(BREATH_HOLD), "breathe|breath in|deeply|deep ~ and|then hold|holding " HOLD_OBJECT},
    {S(BREATH_HOLD), "take|taking|draw|drawing|get ~ breath|breaths ~ and|then hold|holding " HOLD_OBJECT},
    {S(BREATH_HOLD), "fill|filling ~ lungs|chest ~ and|then ~ hold|keep|keeping|holding"},
    {S(BREATH_HOLD), "keep|hold|keeping|holding ~ lungs|chest full|inflated"},
    {S(BREATH_HOLD), "stop|stopping|pause|pausing|suspend|suspending|halt your|the breathing|breath"},
    {S(BREATH_HOLD), "pause|pausing|suspend|suspending|halt breathing"},
    {S(BREATH_HOLD), "without letting|releasing ~ breath|air ~ go|out"},
    {S(BREATH_HOLD), "valsalva"},
    {S(BREATH_HOLD), "bear|bearing down"},
    {S(BREATH_HOLD), "grunt|grunting|grunts"},
    {S(BREATH_HOLD), "close|closing|shut|shutting|lock|locking|squeeze ~ throat|glottis|airway"},
    {S(BREATH_HOLD), "not|never let|letting go of ~ breath|air"},
    /* pushing down or out as on the toilet is bearing down */
    {S(BREATH_HOLD), "push|pushing|strain|straining down|out as if|though ~ ~ toilet|poo|stool|bowel|bowels|constipated|wee|baby|birth"},
    {S(BREATH_HOLD), "push|pushing|strain|straining down|out like ~ toilet|poo|stool|bowel|bowels|constipated|wee|baby|birth"},
    {S(BREATH_HOLD), "strain|straining as hard|much"},
    {S(BREATH_HOLD), "strain|straining hard"},
    {S(BREATH_HOLD), "keep|hold|lock|locking|trap|trapping it in !line|place|position|front|mind|view|the|a|your|this|that|check|shape|balance|contact|its|place"},
    {S(BREATH_HOLD), "keep|hold|trap the|your air in"},
    {S(BREATH_HOLD), "trap|lock ~ air|breath"},
    /* pushing into pain */
    {S(PAIN_PUSH), "push|pushing|work|working|press|pressing|go|going|keep|keeping|stretch|stretching|power|powering|fight|fighting|grit|battle through|into|past ~ pain|hurt|hurting|pains"},
    {S(PAIN_PUSH), "no pain no gain"},
    /* past or through discomfort is pushing on; into mild discomfort is a dose */
    {S(PAIN_PUSH), "through|past the|any|your|some|a|this|that discomfort|soreness|ache|aching|aches"},
    {S(PAIN_PUSH), "through|past discomfort|soreness"},
    {S(PAIN_PUSH), "put up with|through ~ pain|hurt|hurting|pains"},
    {S(PAIN_PUSH), "endure|enduring|tolerate|tolerating|tough|toughing ~ pain|hurt|hurting|pains"},
    {S(PAIN_PUSH), "grin and bear it"},
    {S(PAIN_PUSH), "pain|hurt|hurting ~ you can|could tolerate|stand|bear|handle|take"},
    {S(PAIN_PUSH), "keep|carry|continue|push|persist|go going|on|pushing|working|bending|stretching when|if|while|once|though ~ hurts|hurt|hurting|painful|aches|pain"},
    {S(PAIN_PUSH), "ok|okay|fine|alright|normal|acceptable|good if|when|that ~ hurts|hurt|hurting|painful"},
    {S(PAIN_PUSH), "sharp|severe|strong|intense|bad|stabbing|shooting|lot|lots|real pain|pains|hurting is|are !not|never ~ normal|ok|okay|fine|acceptable|expected|good|allowed|alright"},
    {S(PAIN_PUSH), "has|have|need|needs|got to hurt"},
    {S(PAIN_PUSH), "need|needs|have|has|got to feel ~ pain|hurt|hurting"},
    {S(PAIN_PUSH), "pain|pains|hurting|hurt|soreness is|are ~ part of ~ process|healing|recovery|getting|exercise|programme|program|training"},
    {S(PAIN_PUSH), "not stop|quit|rest|give ~ for|because|due|at ~ pain|hurt|hurting|pains"},
    {S(PAIN_PUSH), "has|have|need|needs|got to be painful|sore"},
    {S(PAIN_PUSH), "only stop|rest|ease|quit ~ when|if|once ~ unbearable|intolerable|excruciating|severe|agony|agonising|agonizing"},
    {S(PAIN_PUSH), "stop|rest|ease|quit only when|if|once ~ unbearable|intolerable|excruciating|severe|agony|agonising|agonizing"},
    {S(PAIN_PUSH), "until|till|unless ~ unbearable|intolerable|excruciating|agony|agonising|agonizing"},
    {S(PAIN_PUSH), "if|when it hurts|aches|hurt just|simply|then ignore|ignoring it|them"},
    {S(PAIN_PUSH), "if|when it hurts|aches|hurt ignore|ignoring it|them"},
    {S(PAIN_PUSH), "ignore|ignoring ~ pain|hurt|hurts|hurting"},
    {S(PAIN_PUSH), "even if|though|when it ~ hurts|hurt|hurting|painful|aches|sore"},
    {S(PAIN_PUSH), "through|past|into the|any|your|some|a pain|painful|hurt|hurting !free|less"},
    {S(PAIN_PUSH), "not stop ~ if|when|because|though ~ hurts|hurt|hurting|painful|sore|aches"},
    {S(PAIN_PUSH), "not let|allow ~ it|pain|hurt|discomfort stop ~ you"},
    {S(PAIN_PUSH), "even if|though|when you feel|have ~ pain"},
    {S(PAIN_PUSH), "despite|regardless ~ pain|hurt|hurting"},
    {S(PAIN_PUSH), "until|till it ~ hurts|hurt|hurting|painful|sore|aches"},
    {S(PAIN_PUSH), "until|till you feel|have ~ pain"},
    {S(PAIN_PUSH), "should|must|ought|meant|supposed to hurt"},
    {S(PAIN_PUSH), "should|must|ought|meant|supposed to be painful|sore"},
    {S(PAIN_PUSH), "should|must hurt"},
    {S(PAIN_PUSH), "should|must be painful"},
    {S(PAIN_PUSH), "make|let it hurt"},
    {S(PAIN_PUSH), "more it hurts"},
    {S(PAIN_PUSH), "pain is good|gain|progress|weakness"},
    {S(PAIN_PUSH), "pain|pains|hurting|soreness ~ is|are good|gain|progress|positive|helpful|useful|healthy|weakness"},
    /* "if it's not hurting, you're not working hard enough" */
    {S(PAIN_PUSH), "not hurting|hurt|painful|sore|aching it|you not working|doing|helping|trying|pushing"},
    {S(PAIN_PUSH), "not hurting|hurt|painful|sore|aching it|you is|are|re not working|doing|helping|trying|pushing"},
    {S(PAIN_PUSH), "pain|pains|hurt|hurting|aching|soreness means|shows|tells ~ working|gaining|progress|good|stronger"},
    {S(PAIN_PUSH), "pain|pains|hurt|hurting|aching|soreness is|are ~ sign|signs|proof|evidence ~ working|work|gaining|progress|good|stronger|healing|improving"},
    {S(PAIN_PUSH), "hurts|hurt|painful keep|carry|continue|push"},
    {S(PAIN_FREE), "stop|stopping ~ any|all pain|hurt|discomfort|soreness"},
    {S(PAIN_FREE), "stop|stopping ~ first|slightest|least sign|hint|bit ~ pain|discomfort"},
    {S(PAIN_FREE), "should|must|will not hurt"},
    {S(PAIN_FREE), "should|must|will not be painful|sore"},
    {S(PAIN_FREE), "should|must|will not cause pain"},
    {S(PAIN_FREE), "should|must|will not cause any pain"},
    {S(PAIN_FREE), "never hurt|painful"},
    {S(PAIN_FREE), "never be painful"},
    {S(PAIN_FREE), "completely|entirely|totally|always|stay|stays|remain|remains|keep|keeping|be|is pain free"},
    {S(PAIN_FREE), "completely|entirely|totally|always|stay|stays|remain|remains|keep|keeping|be|is|are painless"},
    {S(PAIN_FREE), "no pain at all"},
    {S(PAIN_FREE), "not|never|no ~ into|through|with any pain|discomfort|hurt"},
    {S(PAIN_FREE), "feel|be|have|cause|causes no pain|hurt|discomfort !no"},
    {S(PAIN_FREE), "not ~ any pain at all"},
    {S(PAIN_STOP), "pain|pains|painful|painless|hurt|hurts|hurting|sore|soreness|ache|aches|aching|discomfort"},
    /* ballistic movement */
    {S(BALLISTIC), "bounce|bouncing|bounces|bounced|bouncy !ball|balls|off|the|a|it"},
    {S(BALLISTIC), "jerk|jerking|jerky|jerks|yank|yanking|fling|flinging|jolt|jolting|jolts|snap|snapping|snaps"},
    {S(BALLISTIC), "momentum"},
    {S(BALLISTIC), "throw|throwing|hurl|hurling|fling|flinging ~ leg|legs|arm|arms|head|body|yourself|trunk|knee|knees|foot|feet"},
    {S(BALLISTIC), "swing|swinging|rock|rocking|whip|whipping|throw|throwing|kick|kicking|flick|flicking ~ " FORCEFULLY},
    {S(BOB), "bob|bobbing|bobs|pulse|pulsing|pulses|rebound|rebounding|swing|swinging|swings"},
    /* rocking the knees side to side is mobility; rocking into a stretch is not */
    {S(BOB), "rock|rocking|rocks ~ to|into ~ stretch|further|deeper|more"},
    {S(BOB), "extra|more range|stretch ~ each|every time"},
    {S(STRETCH), "end range|ranges"},
    {S(STRETCH), "end of ~ range|movement|motion"},
    {S(STRETCH), "go|get|reach|push|pushing|going deeper|further|lower ~ each|every time"},
    {S(STRETCH), "to go|get|reach deeper|further"},
    /* the neck pulled */
    {S(NECK_PULL), "pull|pulling|yank|yanking|tug|tugging|jerk|jerking|drag|dragging ~ neck|head"},
    {S(NECK_PULL), "head|neck and pull|tug|yank"},
    {S(NECK_PULL), "use|using ~ hands|arms|them|fingers to " HEAD_VERBS " ~ head|neck"},
    {S(NECK_PULL), "use|using ~ hands|arms|them|fingers to help|assist ~ head|neck"},
    {S(NECK_PULL), "crank|cranking|wrench|wrenching|yank|yanking|force|forcing ~ head|chin|neck"},
    /* the verb first, the hands after: "draw your chin down to your chest with them" */
    {S(NECK_PULL), HEAD_VERBS " ~ head|chin down|forward|towards|toward|up|to ~ with|using them|hands|arms"},
    {S(NECK_PULL), HEAD_VERBS " ~ head|chin down|forward|towards|toward|up|to ~ with|using your hands|arms"},
    {S(HANDS_HEAD), "hands|fingers|palms ~ behind ~ head|neck|ears|ear"},
    {S(HANDS_HEAD), "lace|interlace|clasp|interlock|link ~ fingers|hands behind|round|around ~ head|neck"},
    {S(NECK_CARE), "support|supporting|supports|cradle|cradling|rest|resting ~ head|neck"},
    {S(NECK_CARE), "support|supporting|supports|cradle|cradling it|its"},
    {S(NECK_CARE), "not pull|tug|yank|jerk|lift ~ head|neck|chin"},
    {S(SIT_UP), "sit|sits up|ups $"},
    {S(SIT_UP), "sit ups"},
    {S(SIT_UP), "situp|situps"},
    {S(SIT_UP), "full sit up|ups"},
    {S(AVOID_SIT_UP), "avoid|avoiding|not|no|never ~ sit ups"},
    {S(AVOID_SIT_UP), "avoid|avoiding|not|no|never ~ situp|situps"},
    {S(AVOID_SIT_UP), "avoid|avoiding|not|no|never ~ full sit"},
    /* balance work */
    {S(EYES_CLOSED), "close|closed|closing|shut|shutting ~ eyes|eye"},
    {S(EYES_CLOSED), "eyes|eye closed|shut"},
    {S(ONE_LEG), "stand|standing|balance|balancing|stay|staying on one|a|single|your|the|left|right|affected|operated|injured|bad|good|weak|weaker|strong|stronger|involved|other ~ leg|foot|limb"},
    {S(ONE_LEG), "single|one leg|legged|limb|foot|footed !in|forward|forwards|behind|ahead|back|slightly|up|on|onto|a|in"},
    {S(ONE_LEG), "tandem|stork|flamingo"},
    {S(ONE_LEG), "heel to toe"},
    {S(ONE_LEG), "tightrope|tandem"},
    {S(ONE_LEG), "foot|heel ~ directly|right|immediately|exactly|just in front"},
    {S(ONE_LEG), "lift|raise|pick|take ~ foot|leg off|from the floor|ground"},
    {S(ONE_LEG), "balance|balancing|stand|standing on the|your other $"},
    {S(UNSTABLE), "stand|standing|stood|balance|balancing|step|stepping on ~ cushion|cushions|pillow|pillows|foam|wobble|rocker|trampoline|mattress|bosu|disc|disk|sofa|bed"},
    {S(UNSTABLE), "wobble|balance|rocker board|boards|cushion"},
    {S(STANDING), "stand|standing|stood|stance|upright|walk|walking"},
    {S(SUPPORT), "chair|chairs|counter|countertop|worktop|sink|table|wall|rail|railing|handrail|banister|bannister|walker|frame|doorway|corner|support|supports|supported|spotter|nearby|someone|fingertips|fingertip|fingers"},
    {S(SUPPORT), "hold|holding|hang|hanging on to"},
    {S(SUPPORT), "hold|holding|hang|hanging|grip|gripping onto"},
    /* maximal and unbounded efforts */
    /* "as far as you can" is a range of movement, and "as much as you need"
     * no effort at all: only "as hard as you can" or "as hard as possible" */
    {S(MAXIMAL), "as long|hard|much|many|strongly|tight|tightly|fast|quickly|heavy|forcefully as you ~ can|able"},
    {S(MAXIMAL), "as long|hard|much|many|strongly|tight|tightly|fast|quickly|heavy|forcefully as ~ possible"},
    /* "as many reps as you can", but not "as many as you like" */
    {S(MAXIMAL), "as many ~ as you !comfortably|comfortable|safely|easily|feel|like|want|need|wish|choose"},
    {S(MAXIMAL), "as many ~ as possible"},
    {S(MAXIMAL), "amrap|amraps"},
    {S(MAXIMAL), "until|till ~ shake|shaking|shakes|tremble|trembling|trembles"},
    {S(MAXIMAL), "until|till ~ give|gives|giving out|way"},
    {S(MAXIMAL), "everything you have|got"},
    {S(MAXIMAL), "give|giving it ~ all|everything"},
    {S(MAXIMAL), "until|till you can no longer|more"},
    {S(MAXIMAL), "until|till you ~ can not|cannot"},
    {S(MAXIMAL), "point of ~ failure|exhaustion|fatigue"},
    {S(MAXIMAL), "push|pushing|work|working|take|taking|go|going ~ to|until ~ limit|limits|max|maximum"},
    {S(MAXIMAL), "max|maxing out"},
    {S(MAXIMAL), "until|till|to ~ failure|exhaustion|exhausted|fatigue|fatigued|fail"},
    {S(MAXIMAL), "until|till you can not|cannot"},
    {S(MAXIMAL), "maximal|maximum|max|full ~ effort|efforts|contraction|contractions|strength|force|squeeze|hold|holds|power|intensity|speed"},
    {S(MAXIMAL), "all|flat out"},
    {S(MAXIMAL), "give|put ~ everything"},
    {S(MAXIMAL), "all ~ strength|force|might|power|effort"},
    {S(MAXIMAL), "all you have|got"},
    {S(MAXIMAL), "100 percent"},
    /* lumbar flexion: what the exercise is and does */
    {S(FLEXION), "knee|knees|thigh|thighs|leg|legs ~ to|towards|toward|into|up ~ chest|chin"},
    {S(FLEXION), "hug|hugging ~ knee|knees|legs|shins"},
    {S(FLEXION), "curl|curls|curling up|ups"},
    {S(FLEXION), "crunch|crunches"},
    {S(FLEXION), "sit|sits up|ups $"},
    {S(FLEXION), "sit ups"},
    {S(FLEXION), "full|partial|abdominal sit"},
    {S(FLEXION), "toe|toes touch|touches|touching"},
    {S(FLEXION), "touch|touching ~ toes|toe"},
    {S(FLEXION), "reach|reaching|reaches ~ toes|toe|floor|feet|ankles|shins"},
    {S(FLEXION), "bend|bending|bends|fold|folding forward|forwards|over|down !from"},
    {S(FLEXION), "forward bend|bends|fold|folds|flexion"},
    {S(FLEXION), "child|childs pose"},
    {S(FLEXION), "prayer stretch"},
    {S(FLEXION), "lumbar|spinal|trunk|spine|back flexion"},
    {S(FLEXION), "flexion stretch|stretches|exercise|exercises"},
    {S(FLEXION), "roll|rolling down|downs"},
    {S(FLEXION), "slump|slumped|slumping"},
    {S(FLEXION), "round|rounding|curl|curling your|the lower back"},
    /* a passive, unloaded position */
    {S(PASSIVE), "traction|passive|passively|unloaded|gravity|hang|hanging|dangle|dangling|sag"},
    {S(PASSIVE), "relax|rest|lie|lay|lying ~ completely|fully|comfortably|quietly|still"},
    {S(PASSIVE), "no|without effort|muscle"},
    {S(PASSIVE), "just relax|rest|lie"},
    /* low-back (trunk) endurance work: where McGill's holds come from */
    {S(TRUNK), "plank|planks|bridge|bridges|superman|hollow|trunk|core|abdominal|abdominals|lumbar|extensor|extensors|curl|crunch"},
    {S(TRUNK), "bird|dead dog|dogs|bug|bugs"},
    {S(TRUNK), "back extension|extensions|endurance"},
    {S(TRUNK), "low|lower back"},
    {S(STRETCH), "stretch|stretches|stretching|stretched"},
    /* a `when` that asks for nothing */
    {S(NO_GATE), "whenever|when|if|as|any|anytime ~ you|time like|want|wish|choose|please|fancy"},
    {S(NO_GATE), "feel|feeling like it"},
    {S(NO_GATE), "at any time|point|moment|stage"},
    {S(NO_GATE), "anytime|whenever $"},
    {S(NO_GATE), "no need to wait"},
    {S(CALENDAR), "soon|later|while|eventually|shortly|day|days|week|weeks|fortnight|month|months|session|sessions|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|weekend"},
    {S(CONDITION), "can|cannot|able|manage|manages|managed|easy|easier|easily|comfortable|comfortably|confident|confidently|steady|stable|ready|form|control|controlled|tolerate|tolerated|tolerating|feel|feels|felt|complete|completed|achieve|achieved|reach|reached|strong|stronger"},
    {S(CONDITION), "pain|painful|painless|hurt|hurts|hurting|sore|soreness|swelling|swell|swells|swollen|ache|aches|fatigue|tired|discomfort|symptoms|symptom|limp|limping|cleared|agreed|allowed|says|said|physio|physiotherapist|therapist|doctor|surgeon|check|checked"},
    /* scales that are not pain */
    {S(EFFORT_WORD), "effort|exertion|rpe|borg|intensity|difficulty|breathless|breathlessness|tiredness|fatigue|hard|harder|tired"},
};
#undef S

/* Words that negate what follows them in the clause. */
static const char *const negators[] = {
    "not", "never", "no", "without", "avoid", "avoiding", "nor", "instead", "rather", "refrain",
    "neither", "cannot",
    /* a second negation undoes the first: "don't forget to", "never fail to" */
    "forget", "forgetting", "fail", "failing", "neglect",
};

/* Words that open another clause: a negation before them does not reach
 * past them ("don't stop, but push through"; "don't give up and push
 * through the pain"). */
static const char *const scope_ends[] = {
    "but", "then", "so", "until", "till", "while", "whilst", "when", "if", "because", "before", "after",
    "unless", "once", "although", "though", "however",
};

/* After "and", these verbs start a new instruction ("and push"); other
 * words carry the negation on ("avoid bouncing and jerking"). */
static const char *const and_verbs[] = {
    "push", "keep", "work", "go", "carry", "continue", "try", "just", "take", "force", "power", "press",
};

#define N_PHRASES (sizeof phrases / sizeof *phrases)
#define MAX_TOKS 8
#define MAX_ALTS 48
#define INDEX_SIZE 1024u   /* a power of two, several times the first words */
#define NEG_SIZE 64u
#define GAP 3              /* words a `~` may skip */
#define LOOKBACK 8         /* words before a phrase a negation reaches over */

typedef enum { TOK_WORD, TOK_GAP, TOK_NOT, TOK_END } TokKind;

typedef struct {
    TokKind kind;
    uint8_t n;             /* alternatives */
    uint32_t alt[MAX_ALTS];
} Tok;

typedef struct {
    LintSays says;
    bool negatable;        /* false when the phrase itself starts with a negation */
    uint8_t n_toks;
    Tok toks[MAX_TOKS];
} Pat;

typedef struct {
    uint32_t hash;
    int32_t head;          /* first Link, or -1 */
} Slot;

typedef struct {
    uint16_t pat;
    int32_t next;
} Link;

struct LintLexicon {
    Pat pats[N_PHRASES];
    Slot index[INDEX_SIZE];
    Link *links;
    size_t n_links;
    uint32_t neg[NEG_SIZE]; /* hashes of negators; 0: empty */
    uint32_t ends[NEG_SIZE]; /* hashes of words that open a clause */
    uint32_t and_verbs[NEG_SIZE];
    uint32_t h_and, h_or, h_nor, h_go, h_let, h_letting;
};

/* ---- hashing and the index ---------------------------------------------- */

/* A word's FNV-1a (the one hash, hash.h), folded to 32 bits; never 0,
 * which marks an empty slot. */
static uint32_t fold(uint64_t h) {
    uint32_t f = (uint32_t)(h ^ (h >> 32));
    return f ? f : 1;
}

static uint32_t hash_word(const char *s, size_t n) {
    return fold(hash_fnv(HASH_FNV_OFFSET, s, n));
}

static Slot *index_slot(Slot *index, uint32_t hash) {
    uint32_t i = hash & (INDEX_SIZE - 1);
    while (index[i].hash && index[i].hash != hash)
        i = (i + 1) & (INDEX_SIZE - 1);
    return &index[i];
}

static const Slot *index_find(const LintLexicon *lex, uint32_t hash) {
    uint32_t i = hash & (INDEX_SIZE - 1);
    while (lex->index[i].hash && lex->index[i].hash != hash)
        i = (i + 1) & (INDEX_SIZE - 1);
    return lex->index[i].hash ? &lex->index[i] : NULL;
}

/* Small sets of word hashes (open addressing, 0: empty). */
static bool set_has(const uint32_t *set, uint32_t hash) {
    uint32_t i = hash & (NEG_SIZE - 1);
    for (; set[i]; i = (i + 1) & (NEG_SIZE - 1))
        if (set[i] == hash)
            return true;
    return false;
}

static void set_fill(uint32_t *set, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint32_t h = hash_word(words[i], strlen(words[i])), at = h & (NEG_SIZE - 1);
        while (set[at])
            at = (at + 1) & (NEG_SIZE - 1);
        set[at] = h;
    }
}

static bool is_negator(const LintLexicon *lex, uint32_t hash) {
    return set_has(lex->neg, hash);
}

/* ---- compiling the table ------------------------------------------------ */

/* One token of a phrase, `text` up to the next space. */
static bool compile_token(Tok *tok, const char *text, size_t len) {
    tok->kind = TOK_WORD;
    tok->n = 0;
    if (len == 1 && text[0] == '~') {
        tok->kind = TOK_GAP;
        return true;
    }
    if (len == 1 && text[0] == '$') {
        tok->kind = TOK_END;
        return true;
    }
    if (text[0] == '!') {
        tok->kind = TOK_NOT;
        text++;
        len--;
    }
    while (len) {
        size_t n = 0;
        while (n < len && text[n] != '|')
            n++;
        if (tok->n >= MAX_ALTS)
            return false;
        tok->alt[tok->n++] = hash_word(text, n);
        text += n + (n < len);
        len -= n + (n < len);
    }
    return true;
}

static bool compile_phrase(Pat *pat, const Phrase *ph, const LintLexicon *lex) {
    pat->says = ph->says;
    pat->n_toks = 0;
    for (const char *p = ph->words; *p;) {
        size_t n = strcspn(p, " ");
        if (pat->n_toks >= MAX_TOKS || !compile_token(&pat->toks[pat->n_toks++], p, n))
            return false;
        p += n + (p[n] == ' ');
    }
    pat->negatable = true; /* "not breathe until", "never let it out": the negation is the phrase */
    for (uint8_t a = 0; pat->n_toks && a < pat->toks[0].n; a++)
        if (is_negator(lex, pat->toks[0].alt[a]))
            pat->negatable = false;
    return pat->n_toks > 0 && pat->toks[0].kind == TOK_WORD;
}

static bool index_phrase(LintLexicon *lex, uint16_t p, size_t *cap) {
    const Tok *first = &lex->pats[p].toks[0];
    for (uint8_t a = 0; a < first->n; a++) {
        if (lex->n_links == *cap) {
            size_t want = *cap ? *cap * 2 : 256;
            Link *links = realloc(lex->links, want * sizeof *links);
            if (!links)
                return false;
            lex->links = links;
            *cap = want;
        }
        Slot *slot = index_slot(lex->index, first->alt[a]);
        if (!slot->hash)
            *slot = (Slot){first->alt[a], -1};
        lex->links[lex->n_links] = (Link){p, slot->head};
        slot->head = (int32_t)lex->n_links++;
    }
    return true;
}

LintLexicon *lint_lexicon_new(void) {
    LintLexicon *lex = calloc(1, sizeof *lex);
    if (!lex)
        return NULL;
    set_fill(lex->neg, negators, sizeof negators / sizeof *negators);
    set_fill(lex->ends, scope_ends, sizeof scope_ends / sizeof *scope_ends);
    set_fill(lex->and_verbs, and_verbs, sizeof and_verbs / sizeof *and_verbs);
    lex->h_and = hash_word("and", 3);
    lex->h_or = hash_word("or", 2);
    lex->h_nor = hash_word("nor", 3);
    lex->h_go = hash_word("go", 2);
    lex->h_let = hash_word("let", 3);
    lex->h_letting = hash_word("letting", 7);
    size_t cap = 0;
    for (size_t p = 0; p < N_PHRASES; p++)
        if (!compile_phrase(&lex->pats[p], &phrases[p], lex) || !index_phrase(lex, (uint16_t)p, &cap)) {
            lint_lexicon_free(lex);
            return NULL;
        }
    return lex;
}

void lint_lexicon_free(LintLexicon *lex) {
    if (lex)
        free(lex->links);
    free(lex);
}

/* ---- reading a text ----------------------------------------------------- */

typedef enum { BRK_NONE, BRK_SOFT, BRK_HARD } Break;

typedef struct {
    uint32_t hash;
    uint32_t start, end;   /* bytes of the original text */
    uint8_t brk;           /* the break before this word */
} Word;

#define WORDS 192          /* scratch words; longer texts are read in windows */
#define KEEP (LOOKBACK + MAX_TOKS * (GAP + 1))

typedef struct {
    const LintLexicon *lex;
    const char *text;
    LintSaid *said;
    Word w[WORDS];
    size_t n, done;        /* words held; words already matched from */
    char cur[64];          /* the word being read, folded */
    size_t cur_len;
    uint32_t cur_start;
    uint64_t cur_hash;     /* FNV of cur so far */
    uint64_t stem_hash;    /* FNV of cur up to its first apostrophe */
    bool has_apos;
    uint8_t pending;       /* the break before the next word */
} Reader;

static bool tok_has(const Tok *t, uint32_t hash) {
    for (uint8_t i = 0; i < t->n; i++)
        if (t->alt[i] == hash)
            return true;
    return false;
}

/* Whether pattern `p` matches from word `i`; *last is its last word. */
static bool match_from(const Reader *r, const Pat *p, size_t i, uint8_t t, size_t *last) {
    if (t == p->n_toks)
        return true;
    const Tok *tok = &p->toks[t];
    bool more = i < r->n, joined = more && r->w[i].brk != BRK_HARD;
    switch (tok->kind) {
    case TOK_END:
        return (!more || r->w[i].brk != BRK_NONE) && match_from(r, p, i, t + 1, last);
    case TOK_NOT:
        return (!more || r->w[i].brk != BRK_NONE || !tok_has(tok, r->w[i].hash)) && match_from(r, p, i, t + 1, last);
    case TOK_GAP: /* never over a break, nor over a negation ("feel a stretch, not pain") */
        for (size_t skip = 0; skip <= GAP && i + skip <= r->n; skip++) {
            if (skip && (r->w[i + skip - 1].brk != BRK_NONE || is_negator(r->lex, r->w[i + skip - 1].hash)))
                return false;
            if (match_from(r, p, i + skip, t + 1, last))
                return true;
        }
        return false;
    case TOK_WORD:
        if (!joined || !tok_has(tok, r->w[i].hash))
            return false;
        *last = i;
        return match_from(r, p, i + 1, t + 1, last);
    }
    return false;
}

/* Whether the words from `j` on, before the clause ends, list with "or"
 * ("do not jerk, kick or snap"): a comma there separates items of one
 * list, not clauses. */
static bool list_goes_on(const Reader *r, size_t j) {
    for (size_t k = j; k < r->n && k < j + 5; k++) {
        if (k > j && r->w[k].brk != BRK_NONE)
            return false;
        if (r->w[k].hash == r->lex->h_or || r->w[k].hash == r->lex->h_nor)
            return true;
    }
    return false;
}

/* Whether word `i` is in the scope of a negation: an odd number of
 * negations ("let go" is one) before it in its clause (or its list),
 * within LOOKBACK words and after the last word that opens another
 * clause. */
static bool negated(const Reader *r, size_t i) {
    const LintLexicon *lex = r->lex;
    bool odd = false;
    for (size_t k = 1; k <= LOOKBACK && k <= i; k++) {
        uint8_t brk = r->w[i - k + 1].brk;
        if (brk == BRK_HARD || (brk == BRK_SOFT && !list_goes_on(r, i - k + 1)))
            break;
        uint32_t h = r->w[i - k].hash;
        if (set_has(lex->ends, h) || (h == lex->h_and && set_has(lex->and_verbs, r->w[i - k + 1].hash)))
            break;
        if (is_negator(lex, h)
            || (h == lex->h_go && k < i && (r->w[i - k - 1].hash == lex->h_let || r->w[i - k - 1].hash == lex->h_letting)))
            odd = !odd;
    }
    return odd;
}

static void match_word(Reader *r, size_t i) {
    const Slot *slot = index_find(r->lex, r->w[i].hash);
    for (int32_t l = slot ? slot->head : -1; l >= 0; l = r->lex->links[l].next) {
        const Pat *p = &r->lex->pats[r->lex->links[l].pat];
        size_t last = i;
        bool known = (r->said->mask >> p->says) & 1u;
        /* a class is quoted where it is first said, in its longest phrase there */
        if ((known && r->said->at[p->says].start != r->w[i].start) || !match_from(r, p, i + 1, 1, &last)
            || (p->negatable && negated(r, i)) || (known && r->said->at[p->says].end >= r->w[last].end))
            continue;
        r->said->mask |= 1u << p->says;
        r->said->at[p->says] = (LintSpan){r->w[i].start, r->w[last].end};
    }
}

/* Match words [done, upto), then keep the last KEEP words for context. */
static void match_window(Reader *r, size_t upto) {
    for (size_t i = r->done; i < upto; i++)
        match_word(r, i);
    r->done = upto;
    if (r->n == WORDS) {
        size_t keep = KEEP < r->n ? KEEP : r->n;
        memmove(r->w, r->w + r->n - keep, keep * sizeof *r->w);
        r->done -= r->n - keep;
        r->n = keep;
    }
}

/* Contractions: "don't" -> "do" "not"; "can't" -> "can" "not"; "won't" ->
 * "will" "not"; "it's" -> "it"; "dont" and the like without an apostrophe
 * too.  Returns the length of the stem, or n when it is no negation. */
static size_t split_not(const char *w, size_t n) {
    if (n < 3 || w[n - 1] != 't')
        return n;
    if (w[n - 2] == '\'' && w[n - 3] == 'n')
        return n - 3;
    static const char *const bare[] = {"dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent",
                                       "shouldnt", "mustnt", "couldnt", "wouldnt", "wasnt"};
    if (w[n - 2] != 'n' || n > 8)
        return n;
    for (size_t i = 0; i < sizeof bare / sizeof *bare; i++)
        if (strlen(bare[i]) == n && memcmp(bare[i], w, n) == 0)
            return n == 4 && w[0] == 'c' ? 3 : n - 2; /* can|t, do|nt */
    return n;
}

static void push_word(Reader *r, uint32_t hash, uint32_t start, uint32_t end) {
    if (r->n == WORDS)
        match_window(r, r->n - KEEP);
    r->w[r->n++] = (Word){hash, start, end, r->pending};
    r->pending = BRK_NONE;
}

static void end_word(Reader *r, uint32_t end) {
    size_t n = r->cur_len;
    if (!n)
        return;
    r->cur_len = 0;
    size_t stem = split_not(r->cur, n);
    if (stem < n) {
        bool wont = stem == 2 && r->cur[0] == 'w' && r->cur[1] == 'o';
        bool cant = stem == 2 && r->cur[0] == 'c' && r->cur[1] == 'a';
        push_word(r, wont ? hash_word("will", 4) : hash_word(r->cur, stem + cant), r->cur_start, end);
        push_word(r, hash_word("not", 3), r->cur_start, end);
        return;
    }
    push_word(r, fold(r->has_apos ? r->stem_hash : r->cur_hash), r->cur_start, end); /* it's: the stem */
}

static void add_char(Reader *r, char c, uint32_t at) {
    if (!r->cur_len) {
        r->cur_start = at;
        r->cur_hash = HASH_FNV_OFFSET;
        r->has_apos = false;
    }
    if (c == '\'' && !r->has_apos) {
        r->has_apos = true;
        r->stem_hash = r->cur_hash;
    }
    if (r->cur_len < sizeof r->cur) {
        r->cur[r->cur_len++] = c;
        r->cur_hash = hash_fnv_byte(r->cur_hash, (unsigned char)c);
    }
}

static void set_break(Reader *r, Break b) {
    if (b > r->pending)
        r->pending = (uint8_t)b;
}

/* The length of an apostrophe at `p` (', `, ’, ‘, ʼ), or 0. */
static size_t apostrophe(const unsigned char *p) {
    if (p[0] == '\'' || p[0] == '`')
        return 1;
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0xB2))
        return 3;
    return p[0] == 0xCA && p[1] == 0xBC ? 2 : 0;
}

static bool is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The break a punctuation byte (or a dash) at `p` makes. */
static Break punct_break(const unsigned char *p, const unsigned char *start) {
    switch (p[0]) {
    case '.': case '!': case '?': case ';': case ':': case '(': case ')': case '\n':
        return BRK_HARD;
    case ',': case '"':
        return BRK_SOFT;
    case '-':
        return p > start && is_alnum(p[-1]) && is_alnum(p[1]) ? BRK_NONE : BRK_SOFT;
    case 0xE2: /* en and em dashes; curly double quotes */
        return p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0x9C || p[2] == 0x9D) ? BRK_SOFT
                                                                                            : BRK_NONE;
    default:
        return BRK_NONE;
    }
}

/* Anything but a plain letter, digit or space: apostrophes inside words,
 * punctuation, dashes, UTF-8.  Returns the bytes used. */
static size_t read_other(Reader *r, const unsigned char *p, const unsigned char *s) {
    if (*p == '%') { /* "100%" says "100 percent" */
        uint32_t at = (uint32_t)(p - s);
        end_word(r, at);
        push_word(r, hash_word("percent", 7), at, at + 1);
        return 1;
    }
    size_t ap = apostrophe(p);
    if (ap && r->cur_len && is_alnum(p[ap])) {
        add_char(r, '\'', (uint32_t)(p - s));
        return ap;
    }
    Break b = ap ? BRK_NONE : punct_break(p, s);
    if (!ap && b == BRK_NONE && *p >= 0x80 && !(p[0] == 0xE2 && p[1] == 0x80)) {
        add_char(r, (char)*p, (uint32_t)(p - s)); /* a letter of another script */
        return 1;
    }
    end_word(r, (uint32_t)(p - s));
    set_break(r, b);
    return (p[0] == 0xE2 && p[1] == 0x80 && p[2]) ? 3 : ap ? ap : 1;
}

void lint_text_scan(const LintLexicon *lex, const char *text, LintSaid *said) {
    said->mask = 0;
    if (!lex || !text)
        return;
    Reader reader; /* not zeroed whole: the words are written before they are read */
    Reader *r = &reader;
    r->lex = lex;
    r->text = text;
    r->said = said;
    r->n = r->done = r->cur_len = 0;
    r->cur_start = 0;
    r->pending = BRK_NONE;
    const unsigned char *s = (const unsigned char *)text, *p = s;
    for (unsigned char c; (c = *p) != 0;) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            add_char(r, (char)c, (uint32_t)(p++ - s));
        } else if (c >= 'A' && c <= 'Z') {
            add_char(r, (char)(c + 32), (uint32_t)(p++ - s));
        } else if (c == ' ' || c == '\t') {
            end_word(r, (uint32_t)(p++ - s));
        } else {
            p += read_other(r, p, s);
        }
    }
    end_word(r, (uint32_t)(p - s));
    match_window(r, r->n);
}
