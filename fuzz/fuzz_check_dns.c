/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * libFuzzer target: a DNS answer as autodiscover-check reads its SRV
 * records. The answer lies in a buffer of exactly its size, so a read
 * past its end is an ASan report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "check_parse.h"
#include "check_text.h"

#define MAX 8

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_srv_t srv[MAX + 1];
    int n, i;

    memset(srv, 0x55, sizeof(srv));
    n = check_parse_srv(data, size, srv, MAX);
    if (n < -1 || n > MAX) {
        fprintf(stderr, "check_parse_srv: %d records\n", n);
        abort();
    }
    if (srv[MAX].priority != 0x55555555) {
        fprintf(stderr, "check_parse_srv wrote past max\n");
        abort();
    }
    for (i = 0; i < n; i++) {
        if (!memchr(srv[i].target, '\0', sizeof(srv[i].target))) {
            fprintf(stderr, "SRV target not terminated\n");
            abort();
        }
        if (srv[i].port < 0 || srv[i].port > 65535 || srv[i].priority < 0 || srv[i].weight < 0) {
            fprintf(stderr, "SRV numbers out of range\n");
            abort();
        }
        (void)check_host_invalid(srv[i].target);
    }
    return 0;
}
