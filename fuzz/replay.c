/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Runs a libFuzzer target's LLVMFuzzerTestOneInput on each file named on
 * the command line, without libFuzzer (so gcc and the test suite can
 * replay seeds and findings). Each input gets a buffer of exactly its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i;

    LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        size_t len = 0;
        long n;
        if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 2;
        }
        len = (size_t)n;
        if (!(buf = malloc(len ? len : 1)) || fread(buf, 1, len, f) != len) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 2;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        printf("ok %s\n", argv[i]);
    }
    return 0;
}
