/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * libFuzzer target: a DNS answer as autodiscover-check reads its SRV
 * records, and its TXT records with PACC's tags and base64 digest. The
 * answer lies in a buffer of exactly its size, so a read past its end is
 * an ASan report.
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

/* PACC's reading of the same answer: every TXT record terminated, within
 * its bound, its tags read, a digest decoded within its buffer. */
static void check_txt(const uint8_t *data, size_t size)
{
    static check_txt_t txt[MAX + 1];
    char d[128];
    int n, i;

    memset(txt, 0x55, sizeof(txt));
    n = check_parse_txt(data, size, txt, MAX);
    if (n < -1 || n > MAX) {
        fprintf(stderr, "check_parse_txt: %d records\n", n);
        abort();
    }
    if (txt[MAX].text[0] != 0x55) {
        fprintf(stderr, "check_parse_txt wrote past max\n");
        abort();
    }
    for (i = 0; i < n; i++) {
        const char *why;
        if (!memchr(txt[i].text, '\0', sizeof(txt[i].text))
            || strlen(txt[i].text) > CHECK_MAX_TXT) {
            fprintf(stderr, "TXT record not terminated\n");
            abort();
        }
        memset(d, 0x55, sizeof(d));
        why = check_uaac_invalid(txt[i].text, d, sizeof(d) - 1);
        if (d[sizeof(d) - 1] != 0x55) {
            fprintf(stderr, "check_uaac_invalid wrote past dlen\n");
            abort();
        }
        if (!why) {
            unsigned char md[33];
            char back[64];
            int len;
            md[32] = 0x55;
            len = check_base64_decode(d, md, 32);
            if (len > 32 || md[32] != 0x55) {
                fprintf(stderr, "check_base64_decode wrote past max\n");
                abort();
            }
            if (len == 32) {
                check_base64_encode(md, 32, back);
                if (strlen(back) != 44) {
                    fprintf(stderr, "check_base64_encode: %zu characters\n", strlen(back));
                    abort();
                }
            }
        }
    }
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
    check_txt(data, size);
    return 0;
}
