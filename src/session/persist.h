/*
 * persist.h -- keeping the session's progress without making the patient
 * wait for the disk.
 *
 * A commit can wait for the disk (the session's end is synced; a busy
 * disk can take a second even without a sync).  The sink only copies the event (and a snapshot of the VM at a
 * rep boundary) into a queue; a thread of its own writes them through
 * progress.h, in order.  So the screen shows first and the record follows
 * within milliseconds, and a kill -9 still loses at most the rep in
 * progress unless the disk stalls for longer than a rep.  The queue holds
 * PERSIST_QUEUE items; when a stalled disk fills it, the session waits
 * rather than lose a checkpoint.
 */
#ifndef ROUTINEC_PERSIST_H
#define ROUTINEC_PERSIST_H

#include "core.h"
#include "progress.h"

#define PERSIST_QUEUE 64

typedef struct Persist Persist;

/* Start writing to `progress` (NULL allowed: nothing is written) on a
 * thread that receives no signals.  NULL when out of resources. */
Persist *persist_open(Progress *progress);

/* The sink: add it last. */
SessionSink persist_sink(Persist *persist);

/* Write what is queued, stop the thread and free (the progress is the
 * caller's again).  NULL allowed. */
void persist_close(Persist *persist);

#endif
