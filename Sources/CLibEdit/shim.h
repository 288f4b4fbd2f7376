/*
 * Non-variadic wrappers over libedit's native API (<histedit.h>), for Swift.
 *
 * `el_set`, `el_wset`, `el_wget` and `history_w` are C variadic functions, which
 * Swift cannot call; each operation tidlig uses gets one small `static inline`
 * wrapper here (a system library target holds no .c files). The stdio streams
 * are passed to `el_init` from C because Swift 6 treats them as unsafe globals.
 *
 * Never include <readline/readline.h>: on a machine with GNU readline that is
 * GNU's (GPL) header, not libedit's.
 */
#ifndef TIDLIG_CLIBEDIT_SHIM_H
#define TIDLIG_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <histedit.h>

/* ---- EditLine ---------------------------------------------------------- */

/* el_init on the process's standard streams. */
static inline EditLine *tidlig_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

/* A prompt callback: returns the wide prompt text (owned by the caller's object). */
typedef wchar_t *(*tidlig_wprompt_fn)(EditLine *);

/* EL_PROMPT_ESC (wide): `ignore` brackets invisible sequences such as colours. */
static inline int tidlig_el_set_prompt(EditLine *el, tidlig_wprompt_fn fn, wchar_t ignore) {
    return el_wset(el, EL_PROMPT_ESC, fn, ignore);
}

/* EL_EDITOR: "emacs" or "vi". */
static inline int tidlig_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/* EL_SIGNAL: 1 lets libedit restore the terminal around signals. */
static inline int tidlig_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/* An editor function: returns one of the CC_* codes. */
typedef unsigned char (*tidlig_el_fn)(EditLine *, int);

/* EL_ADDFN: a named editor function that EL_BIND can bind to a key. */
static inline int tidlig_el_addfn(EditLine *el, const char *name, const char *help, tidlig_el_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/* EL_BIND: binds `key` (e.g. "^I") to the editor function `command`. */
static inline int tidlig_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

/* EL_CLIENTDATA (set). */
static inline int tidlig_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/* EL_CLIENTDATA (get); NULL when unset. */
static inline void *tidlig_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_wget(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/* Reads one character into *out: 1, 0 at end of file, -1 with errno set on error. */
typedef int (*tidlig_el_rfunc)(EditLine *, wchar_t *);

/* EL_GETCFN (wide): replaces libedit's character reader. */
static inline int tidlig_el_set_getcfn(EditLine *el, tidlig_el_rfunc fn) {
    return el_wset(el, EL_GETCFN, fn);
}

/* mbrtowc on a fresh state (Swift's Glibc module lacks <wchar.h>): 1 when bytes[0..<n] is one
 * whole character (in *out), -2 when incomplete, -1 when invalid, as libedit's reader decodes. */
static inline int tidlig_decode_char(wchar_t *out, const char *bytes, size_t n) {
    mbstate_t state;
    memset(&state, 0, sizeof state);
    size_t r = mbrtowc(out, bytes, n, &state);
    if (r == (size_t)-2) return -2;
    if (r == (size_t)-1) return -1;
    return 1;
}

/* ---- HistoryW ---------------------------------------------------------- */

/* EL_HIST: attach a wide history to the editor (Up/Down, Ctrl-R). */
static inline int tidlig_el_set_history(EditLine *el, HistoryW *h) {
    return el_wset(el, EL_HIST, history_w, h);
}

/* H_SETSIZE: keep at most `size` entries. */
static inline int tidlig_history_setsize(HistoryW *h, int size) {
    HistEventW ev;
    return history_w(h, &ev, H_SETSIZE, size);
}

/* H_SETUNIQUE: 1 drops an entry equal to the one before it. */
static inline int tidlig_history_setunique(HistoryW *h, int unique) {
    HistEventW ev;
    return history_w(h, &ev, H_SETUNIQUE, unique);
}

/* H_ENTER: add one entry (may contain newlines). */
static inline int tidlig_history_enter(HistoryW *h, const wchar_t *line) {
    HistEventW ev;
    return history_w(h, &ev, H_ENTER, line);
}

/* H_LOAD: read entries from `path`; -1 when it cannot (e.g. a missing file). */
static inline int tidlig_history_load(HistoryW *h, const char *path) {
    HistEventW ev;
    return history_w(h, &ev, H_LOAD, path);
}

/* H_SAVE: write all entries to `path`; -1 on failure. */
static inline int tidlig_history_save(HistoryW *h, const char *path) {
    HistEventW ev;
    return history_w(h, &ev, H_SAVE, path);
}

#endif
