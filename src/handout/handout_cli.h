/*
 * handout_cli.h -- the commands that write what the patient and the
 * therapist take away: `handout`, `calendar`, `plan --format svg` and
 * `history --report`.  main.c dispatches to these.
 */
#ifndef ROUTINEC_HANDOUT_CLI_H
#define ROUTINEC_HANDOUT_CLI_H

#include "cli.h"

int handout_command(const Options *opt);
int plan_svg_command(const Options *opt);
int calendar_command(const Options *opt);
int report_command(const Options *opt);

#endif
