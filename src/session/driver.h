/*
 * driver.h -- running a session on a virtual clock with scripted keys.
 *
 * `routinec run --virtual --keys "5s:pause, 8s:pause, 1m:next"` and the
 * tests play a whole session in no time: the clock jumps from one deadline
 * to the next, and keys arrive at the times the script gives.  The same VM
 * runs under the real clock in session.c.
 */
#ifndef ROUTINEC_DRIVER_H
#define ROUTINEC_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm.h"

typedef struct {
    int64_t t; /* session time, ms */
    VmKey key; /* VM_KEY_NONE for a character that is no session key */
    int ch;    /* the character, when the script gave one ("7"), else 0 */
} ScriptedKey;

/* Parse a key script: comma-separated TIME:KEY items, TIME a duration
 * ("5s", "1m30s") or plain milliseconds, KEY one of pause, next, back,
 * quit, pain, done, or one printable character as the patient would type
 * it ("p" is pain; keys left after the end answer the questions, "7");
 * times must not decrease.  On success *keys is a
 * malloc'd array (NULL when empty) of *n keys.  On failure returns false
 * and writes a sentence to err. */
bool keys_parse(const char *script, ScriptedKey **keys, size_t *n, char *err,
                size_t err_size);

/* Run `vm` (fresh from vm_init) to the end at once: time jumps to each
 * deadline unless a scripted key comes first; a wait for a key gets
 * VM_KEY_DONE at once (or at the time of a scripted `done`, if that is the
 * next key); a pause with no keys left is resumed at once.  Always
 * finishes. */
VmStatus drive_virtual(Vm *vm, const ScriptedKey *keys, size_t n_keys);

/* One turn of the virtual clock: the time to step the VM at and the key
 * to give it, for a VM in `status` (waiting until `deadline`) at `now`
 * with `key` the next scripted key (NULL: none left).  `used`: the turn
 * consumes that key.  Time jumps to the deadline unless the key comes
 * first; a wait for a key gets VM_KEY_DONE at once (unless a scripted
 * `done` is next); a pause with no keys left is resumed at once. */
typedef struct {
    int64_t now;
    VmKey key;
    bool used;
} VirtualTurn;

VirtualTurn virtual_turn(VmStatus status, int64_t deadline, int64_t now,
                         const ScriptedKey *key);

/* "pause", "next"... or NULL for VM_KEY_NONE and unknown values. */
const char *key_name(VmKey key);

#endif
