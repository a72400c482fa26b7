/*
 * compile.c -- the compilation pipeline (see compile.h).
 *
 * Includes are followed depth-first from the main file.  A file reached
 * twice by different paths (a diamond) is read once; a file that includes
 * itself, directly or not, is a cycle and is reported with the chain.
 * Paths in `include` are relative to the file that says it.
 */
#include "compile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "codegen.h"
#include "syntax.h"

void compile_init(Compilation *c, FILE *diag_out, bool color) {
    memset(c, 0, sizeof *c);
    sources_init(&c->sources);
    diag_init(&c->diag, &c->sources, diag_out);
    c->diag.color = color;
    arena_init(&c->arena);
}

/* The syntax trees and the checked model: everything in the arena.  The
 * sources and the diagnostics stay (messages still quote lines). */
static void release_front_end(Compilation *c) {
    free(c->files.trees);
    memset(&c->files, 0, sizeof c->files);
    memset(&c->model, 0, sizeof c->model);
    arena_free(&c->arena);
}

static void free_roots(PathRoots *roots) {
    for (size_t i = 0; i < roots->n; i++)
        free(roots->dirs[i]);
    free(roots->dirs);
    memset(roots, 0, sizeof *roots);
}

void compile_free(Compilation *c) {
    release_front_end(c);
    diag_free(&c->diag);
    sources_free(&c->sources);
    free_roots(&c->roots);
}

static bool add_tree(Compilation *c, uint32_t file, Node *tree) {
    if (file >= c->files.n_trees) {
        Node **trees = realloc(c->files.trees, (size_t)(file + 1) * sizeof *trees);
        if (!trees)
            return false;
        for (uint32_t i = c->files.n_trees; i <= file; i++)
            trees[i] = NULL;
        c->files.trees = trees;
        c->files.n_trees = file + 1;
    }
    c->files.trees[file] = tree;
    return true;
}

static void report_load_error(Compilation *c, Loc at, const char *path, SourceStatus status, int err) {
    const char *why = source_strerror(status, err);
    if (at.line)
        diag_report_id(&c->diag, DIAG_ID_CANNOT_READ, DIAG_ERROR, at, NULL, "cannot read included file \"%s\": %s", path, why);
    else
        diag_report_id(&c->diag, DIAG_ID_CANNOT_READ, DIAG_ERROR, at, NULL, "cannot read \"%s\": %s", path, why);
}

/* `path` relative to the directory of `from` (unless it is absolute). */
static char *resolve_relative(const char *from, const char *path) {
    const char *slash = strrchr(from, '/');
    size_t dir = (path[0] == '/' || !slash) ? 0 : (size_t)(slash - from) + 1;
    size_t len = strlen(path);
    char *out = malloc(dir + len + 1);
    if (!out)
        return NULL;
    memcpy(out, from, dir);
    memcpy(out + dir, path, len + 1);
    return out;
}

/* The canonical name of a file, to recognise it under another path. */
static char *canonical(const char *path) {
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char *copy = malloc(strlen(path) + 1);
    if (copy)
        strcpy(copy, path);
    return copy;
}

typedef struct {
    char **canon;      /* per loaded file */
    bool *open;        /* being included right now (for cycles) */
    uint32_t n;
    PathRoots *roots;  /* the compilation's */
} IncludeState;

/* ---- where an include may come from -------------------------------------- */

/* `path` is `root` or inside it (both real, absolute paths). */
static bool is_inside(const char *path, const char *root) {
    size_t len = strlen(root);
    if (len == 1 && root[0] == '/')
        return path[0] == '/';
    return strncmp(path, root, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* Inside one of the --include-dir trees (roots after the main file's). */
static bool in_include_dirs(const PathRoots *roots, const char *real) {
    for (size_t i = 1; i < roots->n; i++)
        if (is_inside(real, roots->dirs[i]))
            return true;
    return false;
}

/* The real directory of `path` ("." when it has none). */
static char *real_dir(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash)
        return realpath(".", NULL);
    char *dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
    char *real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    return real;
}

/* `dir` (real, absolute) + "/" + `rel` with "." and ".." folded, without
 * touching the file system: where a name that does not exist would be. */
static char *fold_path(const char *dir, const char *rel) {
    size_t dlen = strlen(dir), rlen = strlen(rel);
    char *out = malloc(dlen + rlen + 2);
    if (!out)
        return NULL;
    size_t n = dlen == 1 ? 0 : dlen;
    memcpy(out, dir, n);
    for (const char *p = rel; *p;) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (n > 0 && out[--n] != '/')
                ;
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len + (p[len] == '/');
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = '\0';
    return out;
}

/* Whether `path` (an include's or a picture's file, `rel` to the file
 * `from_path` that names it) stays inside the including file's own
 * directory tree or an --include-dir tree: a library cannot reach up past
 * itself, not even into the main file's directory.  Judged by its real
 * path when it exists (so a link out is caught), else by its folded name
 * (the same answer whether or not a file outside exists: no probing). */
static bool stays_inside(const PathRoots *roots, const char *from_path, const char *rel,
                         const char *path) {
    char *dir = real_dir(from_path);
    char *real = realpath(path, NULL);
    if (!real && dir)
        real = fold_path(dir, rel);
    bool inside = real && ((dir && is_inside(real, dir)) || in_include_dirs(roots, real));
    free(real);
    free(dir);
    return inside;
}

static bool add_root(PathRoots *roots, const char *dir) {
    char *real = realpath(dir, NULL);
    if (!real)
        return true; /* a directory that does not exist allows nothing */
    char **dirs = realloc(roots->dirs, (roots->n + 1) * sizeof *dirs);
    if (!dirs) {
        free(real);
        return false;
    }
    roots->dirs = dirs;
    roots->dirs[roots->n++] = real;
    return true;
}

/* The roots of a compilation of `main_path` ("-": the current directory). */
static bool set_roots(Compilation *c, const char *main_path) {
    char *dir = strcmp(main_path, "-") == 0 ? realpath(".", NULL) : real_dir(main_path);
    /* roots[0] is the main file's directory: the --include-dir roots follow */
    bool ok = dir && add_root(&c->roots, dir) && c->roots.n == 1;
    free(dir);
    for (size_t i = 0; ok && i < c->n_include_dirs; i++)
        ok = add_root(&c->roots, c->include_dirs[i]);
    return ok;
}

bool compile_path_allowed(const Compilation *c, const char *from_path, const char *rel,
                          const char *path) {
    return rel[0] != '/' && stays_inside(&c->roots, from_path, rel, path);
}

/* `rel` in the first include directory (after the main file's) that has
 * it, or NULL. */
static char *search_include_dirs(const PathRoots *roots, const char *rel) {
    for (size_t i = 1; i < roots->n; i++) {
        size_t size = strlen(roots->dirs[i]) + strlen(rel) + 2;
        char *path = malloc(size);
        if (!path)
            return NULL;
        snprintf(path, size, "%s/%s", roots->dirs[i], rel);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
    }
    return NULL;
}

static void load_includes(Compilation *c, IncludeState *st, uint32_t file, unsigned depth);

static int find_loaded(const IncludeState *st, const char *canon) {
    for (uint32_t i = 0; i < st->n; i++)
        if (st->canon[i] && strcmp(st->canon[i], canon) == 0)
            return (int)i;
    return -1;
}

static bool remember(IncludeState *st, uint32_t file, char *canon) {
    if (file >= st->n) {
        char **names = realloc(st->canon, (size_t)(file + 1) * sizeof *names);
        if (!names)
            return false;
        st->canon = names;
        bool *open = realloc(st->open, (size_t)(file + 1) * sizeof *open);
        if (!open)
            return false;
        st->open = open;
        for (uint32_t i = st->n; i <= file; i++) {
            st->canon[i] = NULL;
            st->open[i] = false;
        }
        st->n = file + 1;
    }
    st->canon[file] = canon;
    return true;
}

/* Refuse an include that would read outside the roots (an absolute path,
 * "..", a link out): a routine from a stranger reads only what lives next
 * to it.  Said at the include's file:line:col. */
static bool include_allowed(Compilation *c, const IncludeState *st, const char *from_path,
                            const Node *inc, const char *path) {
    const char *rel = inc->as.include.path.s;
    const char *hint = "put the library in the including file's directory (or below it), or name "
                       "its directory with --include-dir DIR";
    if (rel[0] == '/') {
        diag_report_id(&c->diag, DIAG_ID_INCLUDE_PATH, DIAG_ERROR, inc->as.include.path.loc, hint,
                    "an include names a file relative to the routine, not by an absolute path");
        return false;
    }
    if (!stays_inside(st->roots, from_path, rel, path)) {
        diag_report_id(&c->diag, DIAG_ID_INCLUDE_PATH, DIAG_ERROR, inc->as.include.path.loc, hint,
                    "\"%s\" is outside the including file's directory; routinec reads only files "
                    "there (or below) and in the --include-dir directories", rel);
        return false;
    }
    return true;
}

/* The path of an include: next to the including file, else in the first
 * include directory that has it. */
static char *include_path(const IncludeState *st, const char *from_path, const char *rel) {
    char *path = resolve_relative(from_path, rel);
    if (path && rel[0] != '/' && access(path, F_OK) != 0) {
        char *found = search_include_dirs(st->roots, rel);
        if (found) {
            free(path);
            path = found;
        }
    }
    return path;
}

/* Whether to leave out the file `canon`: one being included already (a
 * cycle, reported), included before (quietly), or nested too deep
 * (reported). */
static bool include_skipped(Compilation *c, const IncludeState *st, const char *canon, const Node *inc,
                            unsigned depth) {
    int seen = find_loaded(st, canon);
    if (seen >= 0) {
        if (st->open[seen])
            diag_report_id(&c->diag, DIAG_ID_INCLUDE_CYCLE, DIAG_ERROR, inc->loc,
                        "two files that include each other can never finish; move the shared "
                        "exercises into a third file",
                        "include cycle: \"%s\" is already being included", inc->as.include.path.s);
        return true;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
        diag_report_id(&c->diag, DIAG_ID_TOO_DEEP, DIAG_ERROR, inc->loc, NULL,
                    "includes are nested more than %u deep", MAX_INCLUDE_DEPTH);
        return true;
    }
    return false;
}

/* Load and parse `path` (`canon`, owned from here on), then what it
 * includes. */
static void include_file(Compilation *c, IncludeState *st, const char *path, char *canon, const Node *inc,
                         unsigned depth) {
    uint32_t index;
    int err = 0;
    SourceStatus status = sources_load(&c->sources, path, inc->loc, &index, &err);
    if (status != SOURCE_OK) {
        report_load_error(c, inc->as.include.path.loc, inc->as.include.path.s, status, err);
        free(canon);
        return;
    }
    if (!remember(st, index, canon)) {
        free(canon);
        return;
    }
    Node *tree = syntax_parse(&c->arena, &c->diag, index);
    if (!add_tree(c, index, tree))
        return;
    st->open[index] = true;
    load_includes(c, st, index, depth + 1);
    st->open[index] = false;
}

static void include_one(Compilation *c, IncludeState *st, uint32_t from, const Node *inc, unsigned depth) {
    const char *from_path = c->sources.files[from].path;
    char *path = include_path(st, from_path, inc->as.include.path.s);
    if (path && !include_allowed(c, st, from_path, inc, path)) {
        free(path);
        return;
    }
    char *canon = path ? canonical(path) : NULL;
    if (!canon)
        diag_report_id(&c->diag, DIAG_ID_OUT_OF_MEMORY, DIAG_ERROR, inc->loc, NULL, "out of memory");
    else if (include_skipped(c, st, canon, inc, depth))
        free(canon);
    else
        include_file(c, st, path, canon, inc, depth);
    free(path);
}

/* Depth is bounded by MAX_INCLUDE_DEPTH. */
static void load_includes(Compilation *c, IncludeState *st, uint32_t file, unsigned depth) {
    for (const Node *n = c->files.trees[file]; n; n = n->next)
        if (n->kind == NODE_INCLUDE && n->as.include.path.s)
            include_one(c, st, file, n, depth);
}

CompileStatus compile_load(Compilation *c, const char *path) {
    int err = 0;
    Loc none = {0};
    SourceStatus status = sources_load(&c->sources, path, none, &c->main_file, &err);
    if (status != SOURCE_OK) {
        report_load_error(c, none, path, status, err);
        return COMPILE_IO;
    }
    Node *tree = syntax_parse(&c->arena, &c->diag, c->main_file);
    if (!add_tree(c, c->main_file, tree))
        return COMPILE_ERRORS;
    IncludeState st = {0};
    st.roots = &c->roots;
    char *canon = set_roots(c, path) ? canonical(path) : NULL;
    if (canon && remember(&st, c->main_file, canon)) {
        st.open[c->main_file] = true;
        load_includes(c, &st, c->main_file, 0);
    } else {
        free(canon); /* out of memory: no includes are followed */
    }
    for (uint32_t i = 0; i < st.n; i++)
        free(st.canon[i]);
    free(st.canon);
    free(st.open);
    return c->diag.errors ? COMPILE_ERRORS : COMPILE_OK;
}

CompileStatus compile_load_text(Compilation *c, const char *name, const char *text, size_t len) {
    if (sources_add(&c->sources, name, text, len, &c->main_file) != SOURCE_OK) {
        Loc none = {0};
        diag_report_id(&c->diag, DIAG_ID_PROGRAM_LIMIT, DIAG_ERROR, none, NULL, "the text is too large or memory ran out");
        return COMPILE_ERRORS;
    }
    Node *tree = syntax_parse(&c->arena, &c->diag, c->main_file);
    if (!add_tree(c, c->main_file, tree))
        return COMPILE_ERRORS;
    for (const Node *n = tree; n; n = n->next)
        if (n->kind == NODE_INCLUDE)
            diag_report_id(&c->diag, DIAG_ID_INCLUDE_NEEDS_FILE, DIAG_ERROR, n->loc, NULL, "`include` needs a routine read from a file");
    return c->diag.errors ? COMPILE_ERRORS : COMPILE_OK;
}

CompileStatus compile_check(Compilation *c) {
    return sema_check(&c->arena, &c->diag, &c->files, c->library_ok, &c->model) ? COMPILE_OK
                                                                                  : COMPILE_ERRORS;
}

CompileStatus compile_program(Compilation *c, Chunk *chunk, Program *program) {
    chunk->source_hash = sources_hash(&c->sources);
    const char *path = c->sources.files[c->main_file].path;
    chunk->source_name = chunk_constant(chunk, path, (uint32_t)strlen(path));
    Loc none = {0};
    none.file = c->main_file;
    bool generated = codegen_routine(&c->model, chunk);
    /* The chunk owns copies of everything it needs (texts included), so
     * the trees and the model are dead: free them before the verifier's
     * memory and the Program's pile on top. */
    release_front_end(c);
    if (!generated) {
        diag_report_id(&c->diag, DIAG_ID_OUT_OF_MEMORY, DIAG_ERROR, none, NULL, "out of memory while generating the program");
        return COMPILE_ERRORS;
    }
    BytecodeError err;
    if (!program_from_chunk(chunk, program, &err)) {
        diag_report_id(&c->diag, DIAG_ID_PROGRAM_LIMIT, DIAG_ERROR, none, NULL, "%s", err.message);
        return COMPILE_ERRORS;
    }
    return COMPILE_OK;
}

CompileStatus compile_file(Compilation *c, const char *path, Chunk *chunk, Program *program) {
    CompileStatus status = compile_load(c, path);
    if (status == COMPILE_IO)
        return status;
    if (status != COMPILE_OK || compile_check(c) != COMPILE_OK)
        return COMPILE_ERRORS; /* no semantic pass over a tree with syntax errors: it would only cascade */
    if (!c->model.routine) { /* a library: checked, nothing to generate */
        memset(program, 0, sizeof *program);
        return COMPILE_OK;
    }
    return compile_program(c, chunk, program);
}
