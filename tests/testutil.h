/*
 * testutil.h — helpers shared by the unit tests: a scratch database path
 * per test process, and its removal with the WAL files beside it.
 */
#ifndef HABEAS_TESTUTIL_H
#define HABEAS_TESTUTIL_H

#include <stdio.h>
#include <unistd.h>

/* Writes "/tmp/habeas-test-<tag>-<pid>.db" into path. */
static inline void test_db_path(char *path, size_t size, const char *tag)
{
    snprintf(path, size, "/tmp/habeas-test-%s-%d.db", tag, (int)getpid());
}

/* Removes the database file and its -wal, -shm and -journal files. */
static inline void test_db_remove(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[256];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

#endif
