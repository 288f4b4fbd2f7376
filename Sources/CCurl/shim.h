// libcurl (Debian's libcurl4-openssl-dev) for the webhook: curl_easy_setopt and
// curl_easy_getinfo are variadic, which Swift cannot call, so each kind of argument gets a
// small non-variadic wrapper here.
#include <curl/curl.h>

static inline CURLcode tidlig_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode tidlig_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode tidlig_curl_set_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode tidlig_curl_set_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode tidlig_curl_set_buffer(CURL *handle, CURLoption option, char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Discards the response body (tidlig reads only the status).
static inline size_t tidlig_curl_discard(char *data, size_t size, size_t count, void *context) {
    (void)data; (void)context;
    return size * count;
}

static inline CURLcode tidlig_curl_discard_body(CURL *handle) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, tidlig_curl_discard);
}

static inline CURLcode tidlig_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
