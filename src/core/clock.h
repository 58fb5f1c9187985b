#ifndef JARBAKE_CLOCK_H
#define JARBAKE_CLOCK_H

#include <stdint.h>

/* The monotonic clock, for durations and deadlines (never the date). */
double clock_seconds(void);
uint64_t clock_ms(void);

#endif
