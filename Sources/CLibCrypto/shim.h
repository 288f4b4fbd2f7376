// OpenSSL's libcrypto (Debian's libssl-dev) for HMAC-SHA-256 and SHA-256.
#include <openssl/evp.h>
#include <openssl/hmac.h>
