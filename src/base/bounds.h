/*
 * bounds.h -- every limit routinec enforces, in one place.
 *
 * Input is untrusted: a routine file or a .rtb may come from anywhere.  Each
 * limit below is checked with a clear error where the input is read, so no
 * later stage has to worry about size, depth or overflow.  Test builds may
 * shrink them (-DRT_SMALL_LIMITS) to reach the rare paths cheaply.
 */
#ifndef ROUTINEC_BOUNDS_H
#define ROUTINEC_BOUNDS_H

#ifndef RT_SMALL_LIMITS
#define MAX_SOURCE_BYTES   (256u * 1024 * 1024) /* one .rt file */
#define MAX_BYTECODE_BYTES (512u * 1024 * 1024) /* one .rtb file */
#define MAX_STRING_BYTES   (64u * 1024)          /* one quoted text */
#define MAX_NESTING        64u                   /* sections, circuits, blocks */
#define MAX_INCLUDE_DEPTH  16u
#define MAX_FILES          4096u                 /* files in one compilation */
/* One program: instructions and constants (texts).  The 10 MB benchmark
 * routine has 376 000 instructions and 28 000 constants; a routine that
 * stays under MAX_SESSION_MS cannot reach either.  They keep the loader's
 * and verifier's memory within a few times the file's size. */
#define MAX_CODE_INSNS     (1u << 22)
#define MAX_CONSTANTS      (1u << 22)
#define MAX_POLICY_BYTES   (1u * 1024 * 1024)    /* one lint policy file */
#else
#define MAX_SOURCE_BYTES   (64u * 1024)
#define MAX_BYTECODE_BYTES (64u * 1024)
#define MAX_STRING_BYTES   256u
#define MAX_NESTING        8u
#define MAX_INCLUDE_DEPTH  4u
#define MAX_FILES          16u
#define MAX_CODE_INSNS     4096u
#define MAX_CONSTANTS      1024u
#define MAX_POLICY_BYTES   (64u * 1024)
#endif

#define MAX_COUNT          1000u                 /* reps, sets, rounds */
#define MAX_DURATION_MS    (4u * 3600 * 1000)    /* one hold, rest, tempo */
#define MAX_SESSION_MS     (24ull * 3600 * 1000) /* a whole session */
#define MAX_LOOP_DEPTH     16u                   /* nested LOOPs in bytecode */
#define MAX_SECTION_DEPTH  MAX_NESTING           /* nested SECTIONs */
#define MAX_STEPS          100u                  /* progression steps */
/* Phases of one repetition (`tempo 1s up, hold 2s, 3s down;`): what a
 * patient can follow and a screen can show; handouts write 2 to 4. */
#define MAX_TEMPO_PHASES   6u
/* Instructions one session may execute (not counting repeats the patient
 * asks for with `back`), in the verifier's worst case.  The lower-back
 * handout needs about 800; the 10 MB benchmark routine 525 000.  The bound
 * keeps a zero-time routine from keeping the VM busy, and bounds the
 * events it can make routinec write (about one per step): a 150-byte
 * .rtb of 32 million steps wrote 1.18 GB of events under 2^26. */
#define MAX_RUN_STEPS      (1ull << 22)
/* Bytes of the program's texts one session may show (each text counted
 * each time it is shown, in the verifier's worst case).  The 10 MB
 * benchmark routine shows 13.6 MB.  With MAX_RUN_STEPS it bounds what a
 * program can make routinec write: events, plain lines, the plan. */
#define MAX_RUN_TEXT_BYTES (128u * 1024 * 1024)
/* Bytes one output of a run may take: the event stream, the plain lines,
 * the plan, the timing log, each.  The bounds above keep a program's
 * output finite, not small (2^22 events and 128 MiB of texts, escaped six
 * times over in JSON, would be gigabytes); this keeps it small.  The 10 MB
 * benchmark routine writes 20.6 MB of events and 13.6 MB of plain lines;
 * a real routine, well under 1 MB. */
#define MAX_RUN_OUTPUT_BYTES (64ull * 1024 * 1024)
/* The session clock a resume journal may carry: a session with all its
 * pauses, a week at most.  More is damage; the bound keeps every sum and
 * product of the session's clock far from overflow. */
#define MAX_SAVED_CLOCK_MS (7ull * 24 * 3600 * 1000)

#endif
