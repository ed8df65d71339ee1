/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The answers of profiles merged per request (a vhost and a <Location>
 * that both shape the answer, an <If> inside either): compiled once per
 * process and combination of scopes, keyed by the configuration-time
 * profiles the merge was made of (ad_profile_key), not once per request.
 * A start-up compile cannot make them: which <If>s hold is known only per
 * request.
 *
 * The table is the process's, made in child_init in a pool and allocator
 * of its own, and goes with the process: a graceful restart starts new
 * processes, so pointers into an old configuration never meet a new one
 * (and a table made for another configuration generation is never used).
 * One mutex guards lookups and inserts; compiling happens outside it.
 */
#ifndef AD_SCOPE_CACHE_H
#define AD_SCOPE_CACHE_H

#include "httpd.h"
#include "ad_profile.h"

/*
 * Combinations of scopes a process keeps the answers of. Their number is
 * bounded by the configuration (its sections, and which of them hold
 * together), so this is a safety net: one combination's answers, every
 * format, take about 20 KiB (a profile with servers, EWS, ActiveSync,
 * CalDAV and CardDAV), 256 of them about 5 MiB per process. Past it, a
 * new combination is compiled per request, as if there were no table,
 * counted, and said once per process (AH77300).
 */
#define AD_SCOPE_CACHE_MAX 256

/* child_init: the process's table. */
void ad_scope_cache_child_init(apr_pool_t *pchild, server_rec *s);

/*
 * prof, merged for r and not compiled, with its answers compiled: the
 * process's copy for its combination of scopes, made on its first
 * request; or, where none is kept (the table full, more scopes than a key
 * holds, no table), compiled for this request in r->pool.
 */
const ad_profile_t *ad_scope_cache_answers(request_rec *r, const ad_profile_t *prof);

#endif
