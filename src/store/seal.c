/*
 * seal.c — boxes only the key beside the database opens (see store.h).
 *
 * The key file is made once, 0600, with the database; a key file that
 * others may read is refused rather than used, and a database copied
 * without it keeps its sealed rows shut.  Keys are wiped from memory
 * as soon as a caller is done (sodium_memzero), plaintext too.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

int store_key_load(store *s, bool create, unsigned char key[STORE_KEY_BYTES], herr *e)
{
    if (sodium_init() < 0)
        return herr_set(e, HERR_INTERNAL, "libsodium cannot start");
    char path[4096];
    snprintf(path, sizeof path, "%s.key", store_path(s));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return herr_set(e, HERR_INPUT, "%s: cannot create the key file: %s", path,
                            strerror(errno));
        crypto_aead_xchacha20poly1305_ietf_keygen(key);
        bool ok = write(fd, key, STORE_KEY_BYTES) == STORE_KEY_BYTES && fsync(fd) == 0;
        close(fd);
        if (!ok)
            return herr_set(e, HERR_INTERNAL, "%s: cannot write the key file", path);
        return HERR_OK;
    }
    if (fd < 0)
        return herr_set(e, HERR_INPUT,
                        "%s: the key that seals families' contacts and lists' informants is "
                        "missing (%s); without it none of them can be read",
                        path, strerror(errno));
    struct stat sb;
    bool ok = fstat(fd, &sb) == 0 && sb.st_size == STORE_KEY_BYTES &&
              read(fd, key, STORE_KEY_BYTES) == STORE_KEY_BYTES;
    close(fd);
    if (!ok)
        return herr_set(e, HERR_INPUT, "%s: not a habeas key (expected 32 bytes)", path);
    if (sb.st_mode & 077)
        return herr_set(e, HERR_INPUT, "%s: readable by others (mode %03o); chmod 600 it", path,
                        (unsigned)(sb.st_mode & 0777));
    return HERR_OK;
}

bool store_unseal(const unsigned char key[STORE_KEY_BYTES], const char *ad,
                  const unsigned char *box, size_t len, char **plain, size_t *n)
{
    return store_unseal_bytes(key, (const unsigned char *)ad, strlen(ad), box, len, plain, n);
}

bool store_unseal_bytes(const unsigned char key[STORE_KEY_BYTES], const unsigned char *ad,
                        size_t adlen, const unsigned char *box, size_t len, char **plain,
                        size_t *n)
{
    *plain = NULL;
    *n = 0;
    if (len < NONCE + TAG)
        return false;
    size_t max = len - NONCE - TAG;
    unsigned char *p = xmalloc(max + 1);
    unsigned long long plen;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(p, &plen, NULL, box + NONCE, len - NONCE, ad,
                                                   adlen, box, key) != 0) {
        free(p);
        return false;
    }
    p[plen] = '\0';
    *plain = (char *)p;
    *n = (size_t)plen;
    return true;
}

int store_sealer_init(store *s, store_sealer *z, herr *e)
{
    memset(z, 0, sizeof *z);
    int rc = store_key_load(s, true, z->key, e);
    if (rc == HERR_OK)
        randombytes_buf(z->start, sizeof z->start);
    return rc;
}

void store_sealer_seal(store_sealer *z, const char *ad, const void *plain, size_t n,
                       unsigned char **out, size_t *outlen)
{
    store_sealer_seal_bytes(z, (const unsigned char *)ad, strlen(ad), plain, n, out, outlen);
}

void store_sealer_seal_bytes(store_sealer *z, const unsigned char *ad, size_t adlen,
                             const void *plain, size_t n, unsigned char **out, size_t *outlen)
{
    *outlen = NONCE + n + TAG;
    *out = xmalloc(*outlen);
    memcpy(*out, z->start, NONCE);
    uint64_t c = z->count++;
    for (int k = 0; k < 8; k++)
        (*out)[NONCE - 1 - k] ^= (unsigned char)(c >> (8 * k));
    unsigned long long clen;
    crypto_aead_xchacha20poly1305_ietf_encrypt(*out + NONCE, &clen, plain, n, ad, adlen, NULL,
                                               *out, z->key);
}

void store_sealer_end(store_sealer *z)
{
    sodium_memzero(z, sizeof *z);
}

void store_box_ad(store_box what, long source_id, long line, char ad[48])
{
    static const char *const names[] = {"record", "informant", "reject"};
    snprintf(ad, 48, "%s:%ld:%ld", names[what], source_id, line);
}
