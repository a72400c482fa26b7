/* duration.c -- see duration.h. */
#include "duration.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *word;
    uint64_t ms;
} DurationUnit;

static const DurationUnit units[] = {
    {"ms", 1},          {"s", 1000},        {"sec", 1000},      {"secs", 1000},
    {"second", 1000},   {"seconds", 1000},  {"m", 60000},       {"min", 60000},
    {"mins", 60000},    {"minute", 60000},  {"minutes", 60000}, {"h", 3600000},
    {"hour", 3600000},  {"hours", 3600000},
};

uint64_t duration_unit_ms(const char *unit, size_t len) {
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].word) == len && memcmp(units[i].word, unit, len) == 0)
            return units[i].ms;
    return 0;
}

uint64_t number_word(const char *word, size_t len, const char **digits) {
    static const struct { const char *word, *digits; uint64_t value; } words[] = {
        {"one", "1", 1}, {"two", "2", 2}, {"three", "3", 3}, {"four", "4", 4}, {"five", "5", 5},
        {"six", "6", 6}, {"seven", "7", 7}, {"eight", "8", 8}, {"nine", "9", 9}, {"ten", "10", 10},
        {"eleven", "11", 11}, {"twelve", "12", 12}, {"fifteen", "15", 15}, {"twenty", "20", 20},
        {"thirty", "30", 30}, {"forty", "40", 40}, {"fifty", "50", 50}, {"sixty", "60", 60},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == len && memcmp(words[i].word, word, len) == 0) {
            if (digits)
                *digits = words[i].digits;
            return words[i].value;
        }
    if (digits)
        *digits = NULL;
    return 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* *acc = *acc * mul + add, saturating at UINT64_MAX; false on overflow. */
static bool mul_add(uint64_t *acc, uint64_t mul, uint64_t add) {
    if (mul && *acc > UINT64_MAX / mul) {
        *acc = UINT64_MAX;
        return false;
    }
    *acc *= mul;
    if (*acc > UINT64_MAX - add) {
        *acc = UINT64_MAX;
        return false;
    }
    *acc += add;
    return true;
}

/* Read digits at text[*i]; false on overflow (the value saturates). */
static bool read_number(const char *text, size_t len, size_t *i, uint64_t *value) {
    bool ok = true;
    *value = 0;
    while (*i < len && is_digit(text[*i])) {
        ok &= mul_add(value, 10, (uint64_t)(text[*i] - '0'));
        (*i)++;
    }
    return ok;
}

/* A decimal fraction after a number ("1.5s"): up to nine digits, read as
 * numerator / denominator; later digits are below a millisecond anyway. */
static void read_fraction(const char *text, size_t len, size_t *i, uint64_t *num, uint64_t *den) {
    *num = 0;
    *den = 1;
    if (*i + 1 >= len || text[*i] != '.' || !is_digit(text[*i + 1]))
        return;
    for ((*i)++; *i < len && is_digit(text[*i]); (*i)++) {
        if (*den < 1000000000u) {
            *num = *num * 10 + (uint64_t)(text[*i] - '0');
            *den *= 10;
        }
    }
}

/* One part of a duration at *i ("1.5 min"): its milliseconds, whether
 * they fit, and its unit when the unit is not known (counted as seconds). */
typedef struct {
    uint64_t ms;
    bool fits;
    const char *bad; /* the unknown unit, or NULL */
    size_t bad_len;
} DurationPart;

static DurationPart read_part(const char *text, size_t len, size_t *i) {
    DurationPart p = {0};
    uint64_t number, frac_num, frac_den;
    p.fits = read_number(text, len, i, &number);
    read_fraction(text, len, i, &frac_num, &frac_den);
    while (*i < len && (text[*i] == ' ' || text[*i] == '\t'))
        (*i)++;
    size_t start = *i;
    while (*i < len && is_alpha(text[*i]))
        (*i)++;
    uint64_t unit = duration_unit_ms(text + start, *i - start);
    if (!unit) {
        p.bad = text + start;
        p.bad_len = *i - start;
        unit = 1000;
    }
    p.ms = number;
    p.fits &= mul_add(&p.ms, unit, unit * frac_num / frac_den); /* unit <= 1h: no overflow */
    return p;
}

/* The first mistake is the one reported. */
static void first_bad(bool good, const char *at, size_t n, const char **bad_unit, size_t *bad_len) {
    if (good) {
        *bad_unit = at;
        *bad_len = n;
    }
}

bool duration_parse(const char *text, size_t len, uint64_t *ms, bool *overflow,
                    const char **bad_unit, size_t *bad_len) {
    size_t i = 0;
    bool good = true;
    *ms = 0;
    *overflow = false;
    *bad_unit = NULL;
    *bad_len = 0;
    if (len == 0 || !is_digit(text[0])) {
        *bad_unit = text;
        return false;
    }
    while (i < len) {
        DurationPart part = read_part(text, len, &i);
        if (part.bad) {
            first_bad(good, part.bad, part.bad_len, bad_unit, bad_len);
            good = false;
        }
        bool added = mul_add(ms, 1, part.ms);
        *overflow |= !part.fits || !added;
        if (i < len && !is_digit(text[i])) {
            first_bad(good, text + i, len - i, bad_unit, bad_len);
            return false;
        }
    }
    if (*overflow)
        *ms = UINT64_MAX;
    return good;
}

/* Append "<n><unit>" to buf at *used, keeping it NUL-terminated. */
static void append_part(char *buf, size_t size, size_t *used, uint64_t n, const char *unit) {
    if (*used >= size - 1)
        return;
    int wrote = snprintf(buf + *used, size - *used, "%llu%s", (unsigned long long)n, unit);
    if (wrote > 0)
        *used += (size_t)wrote < size - *used ? (size_t)wrote : size - *used - 1;
}

char *duration_format(uint64_t ms, char *buf, size_t size) {
    if (size == 0)
        return buf;
    buf[0] = '\0';
    uint64_t parts[4] = {ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000};
    /* "m" reads as minutes only when seconds follow ("1m30s"); a trailing
     * minutes part is spelled "min" so "2min" is not read as metres. */
    const char *names[4] = {"h", "m", "s", "ms"};
    int last = -1;
    for (int k = 0; k < 4; k++)
        if (parts[k])
            last = k;
    if (last < 0) {
        append_part(buf, size, &(size_t){0}, 0, "s");
        return buf;
    }
    size_t used = 0;
    for (int k = 0; k <= last; k++)
        if (parts[k])
            append_part(buf, size, &used, parts[k], k == 1 && last == 1 ? "min" : names[k]);
    return buf;
}

char *duration_clock(uint64_t seconds, char *buf, size_t size) {
    unsigned long long s = seconds;
    if (s >= 3600)
        snprintf(buf, size, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%llu:%02llu", s / 60, s % 60);
    return buf;
}
