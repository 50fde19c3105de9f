// GENERATED FILE, do not edit: `npm run gen:api` writes it (scripts/gen-api.ts) from the OpenAPI document that
// lfp's server serves at /openapi.json (built from the zod schemas in src/api/schemas.ts), with openapi-typescript.
// test/web/api-types.test.ts fails when it is out of date. web/src/types.ts names the types the dashboard uses.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Database, job queue, cache and upload storage are reachable (503 otherwise) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            database: boolean;
                            queue: boolean;
                            cache: boolean;
                            storage: boolean;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            database: boolean;
                            queue: boolean;
                            cache: boolean;
                            storage: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List imports, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                sourceName: string;
                                sourceBytes: number | null;
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                options: {
                                    encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                    delimiter: ("," | ";" | "\t" | "|") | "auto";
                                    /** @description run every phase but the apply and report what would happen; products do not change */
                                    dryRun: boolean;
                                    /**
                                     * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                     * @enum {string}
                                     */
                                    mode: "partial" | "strict";
                                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                    maxErrors: number | null;
                                };
                                /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                                detected: {
                                    /** @enum {string} */
                                    encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                                suggestion: {
                                    /** @enum {string} */
                                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter?: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description an earlier succeeded import of a file with the same sha256 */
                                duplicateOf: number | null;
                                columns: string[] | null;
                                /** @description columns the import ignores: the first 50, names cut to 200 characters */
                                ignoredColumns: string[];
                                /** @description how many columns the import ignores in all */
                                ignoredColumnCount: number;
                                counts: {
                                    rowsRead: number;
                                    rowsRejected: number;
                                    rowsInserted: number;
                                    rowsUpdated: number;
                                    rowsUnchanged: number;
                                    rowsSuperseded: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    percent: number | null;
                                    rowsPerSecond: number | null;
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                };
                                /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                                timingsMs: {
                                    upload: number | null;
                                    split: number | null;
                                    parse: number | null;
                                    load: number | null;
                                    merge: number | null;
                                    total: number | null;
                                };
                                /**
                                 * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                                 * @enum {string|null}
                                 */
                                mergeStrategy: "upsert" | "rebuild" | null;
                                error: string | null;
                                createdAt: string;
                                startedAt: string | null;
                                finishedAt: string | null;
                                /** @description a dry run: how many names would change product count (listed at /name-changes) */
                                nameChanges: number | null;
                                /** @description applied, and what it changed is still kept for a revert */
                                revertible: boolean;
                                revert: {
                                    revertedAt: string;
                                    /** @description products put back as they were before the import */
                                    restored: number;
                                    /** @description products the import had created, deleted */
                                    removed: number;
                                    /** @description products written since the import, left as they are (forced revert) */
                                    kept: number;
                                } | null;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload a file, or name one by URL, and queue its import
         * @description The file as the raw body (text/csv, application/gzip, application/x-gzip, application/octet-stream) or as the "file" field of multipart/form-data; or application/json {"url": "https://host/path.csv.gz"} or {"url": "s3://bucket/key"} for a file where it already is, from hosts and buckets listed in LFP_SOURCE_HOSTS (loopback, private and link-local addresses refused unless listed exactly). Streams to storage while hashing; answers 202 once the upload is stored and its import queued, 200 when nothing new was queued: the Idempotency-Key was known (the first import, header Idempotent-Replayed: true) or the file was seen before and skipIfSeen was set (a skipped import). duplicateOf names an earlier succeeded import of the same file either way.
         */
        post: {
            parameters: {
                query?: {
                    /** @description run every phase but the apply and report what would happen; products do not change */
                    dryRun?: "0" | "1" | "true" | "false";
                    /** @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied */
                    mode?: "partial" | "strict";
                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                    maxErrors?: string;
                    /** @description text encoding of the file; auto: what its first 64 KiB look like (the import reports what it detected) */
                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be" | "auto";
                    /** @description field delimiter: , ; | or tab (also comma, semicolon, pipe, \t), or auto */
                    delimiter?: "," | "comma" | ";" | "semicolon" | "\t" | "\\t" | "tab" | "|" | "pipe" | "auto";
                    /** @description when a file with the same sha256 was already imported successfully, record a skipped import instead */
                    skipIfSeen?: "0" | "1" | "true" | "false";
                    /** @description name to show for the file (default: the multipart file name, or "upload") */
                    filename?: string;
                };
                header?: {
                    /** @description sending the same key again returns the first import (200) instead of creating another; with another file or options: 422 */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            options: {
                                encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors: number | null;
                            };
                            /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                            suggestion: {
                                /** @enum {string} */
                                encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter?: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description an earlier succeeded import of a file with the same sha256 */
                            duplicateOf: number | null;
                            columns: string[] | null;
                            /** @description columns the import ignores: the first 50, names cut to 200 characters */
                            ignoredColumns: string[];
                            /** @description how many columns the import ignores in all */
                            ignoredColumnCount: number;
                            counts: {
                                rowsRead: number;
                                rowsRejected: number;
                                rowsInserted: number;
                                rowsUpdated: number;
                                rowsUnchanged: number;
                                rowsSuperseded: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                percent: number | null;
                                rowsPerSecond: number | null;
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                            };
                            /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                            timingsMs: {
                                upload: number | null;
                                split: number | null;
                                parse: number | null;
                                load: number | null;
                                merge: number | null;
                                total: number | null;
                            };
                            /**
                             * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                             * @enum {string|null}
                             */
                            mergeStrategy: "upsert" | "rebuild" | null;
                            error: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description a dry run: how many names would change product count (listed at /name-changes) */
                            nameChanges: number | null;
                            /** @description applied, and what it changed is still kept for a revert */
                            revertible: boolean;
                            revert: {
                                revertedAt: string;
                                /** @description products put back as they were before the import */
                                restored: number;
                                /** @description products the import had created, deleted */
                                removed: number;
                                /** @description products written since the import, left as they are (forced revert) */
                                kept: number;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            options: {
                                encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors: number | null;
                            };
                            /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                            suggestion: {
                                /** @enum {string} */
                                encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter?: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description an earlier succeeded import of a file with the same sha256 */
                            duplicateOf: number | null;
                            columns: string[] | null;
                            /** @description columns the import ignores: the first 50, names cut to 200 characters */
                            ignoredColumns: string[];
                            /** @description how many columns the import ignores in all */
                            ignoredColumnCount: number;
                            counts: {
                                rowsRead: number;
                                rowsRejected: number;
                                rowsInserted: number;
                                rowsUpdated: number;
                                rowsUnchanged: number;
                                rowsSuperseded: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                percent: number | null;
                                rowsPerSecond: number | null;
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                            };
                            /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                            timingsMs: {
                                upload: number | null;
                                split: number | null;
                                parse: number | null;
                                load: number | null;
                                merge: number | null;
                                total: number | null;
                            };
                            /**
                             * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                             * @enum {string|null}
                             */
                            mergeStrategy: "upsert" | "rebuild" | null;
                            error: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description a dry run: how many names would change product count (listed at /name-changes) */
                            nameChanges: number | null;
                            /** @description applied, and what it changed is still kept for a revert */
                            revertible: boolean;
                            revert: {
                                revertedAt: string;
                                /** @description products put back as they were before the import */
                                restored: number;
                                /** @description products the import had created, deleted */
                                removed: number;
                                /** @description products written since the import, left as they are (forced revert) */
                                kept: number;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                            /** @description the import the key was first used for */
                            importId?: number;
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One import: status, counts, progress, timings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            options: {
                                encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors: number | null;
                            };
                            /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                            suggestion: {
                                /** @enum {string} */
                                encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter?: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description an earlier succeeded import of a file with the same sha256 */
                            duplicateOf: number | null;
                            columns: string[] | null;
                            /** @description columns the import ignores: the first 50, names cut to 200 characters */
                            ignoredColumns: string[];
                            /** @description how many columns the import ignores in all */
                            ignoredColumnCount: number;
                            counts: {
                                rowsRead: number;
                                rowsRejected: number;
                                rowsInserted: number;
                                rowsUpdated: number;
                                rowsUnchanged: number;
                                rowsSuperseded: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                percent: number | null;
                                rowsPerSecond: number | null;
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                            };
                            /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                            timingsMs: {
                                upload: number | null;
                                split: number | null;
                                parse: number | null;
                                load: number | null;
                                merge: number | null;
                                total: number | null;
                            };
                            /**
                             * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                             * @enum {string|null}
                             */
                            mergeStrategy: "upsert" | "rebuild" | null;
                            error: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description a dry run: how many names would change product count (listed at /name-changes) */
                            nameChanges: number | null;
                            /** @description applied, and what it changed is still kept for a revert */
                            revertible: boolean;
                            revert: {
                                revertedAt: string;
                                /** @description products put back as they were before the import */
                                restored: number;
                                /** @description products the import had created, deleted */
                                removed: number;
                                /** @description products written since the import, left as they are (forced revert) */
                                kept: number;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: the import (event "progress") whenever it changes, until it ends (event "end") */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rejected rows, by line; ?format=csv (or Accept: text/csv) downloads them all as CSV */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                line: number;
                                reason: string;
                                raw: string;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/name-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A dry run: the names whose product count the import would change, with their counts before and after */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                countBefore: number;
                                countAfter: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo an import: every product it created or changed goes back to its state before it
         * @description Refuses (409, listing the SKUs) when products the import wrote were written since, unless force=true: then those are kept as they are and the others reverted. Aggregates stay exact.
         */
        post: {
            parameters: {
                query?: {
                    force?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            import: {
                                id: number;
                                sourceName: string;
                                sourceBytes: number | null;
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                options: {
                                    encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                    delimiter: ("," | ";" | "\t" | "|") | "auto";
                                    /** @description run every phase but the apply and report what would happen; products do not change */
                                    dryRun: boolean;
                                    /**
                                     * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                     * @enum {string}
                                     */
                                    mode: "partial" | "strict";
                                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                    maxErrors: number | null;
                                };
                                /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                                detected: {
                                    /** @enum {string} */
                                    encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                                suggestion: {
                                    /** @enum {string} */
                                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter?: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description an earlier succeeded import of a file with the same sha256 */
                                duplicateOf: number | null;
                                columns: string[] | null;
                                /** @description columns the import ignores: the first 50, names cut to 200 characters */
                                ignoredColumns: string[];
                                /** @description how many columns the import ignores in all */
                                ignoredColumnCount: number;
                                counts: {
                                    rowsRead: number;
                                    rowsRejected: number;
                                    rowsInserted: number;
                                    rowsUpdated: number;
                                    rowsUnchanged: number;
                                    rowsSuperseded: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    percent: number | null;
                                    rowsPerSecond: number | null;
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                };
                                /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                                timingsMs: {
                                    upload: number | null;
                                    split: number | null;
                                    parse: number | null;
                                    load: number | null;
                                    merge: number | null;
                                    total: number | null;
                                };
                                /**
                                 * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                                 * @enum {string|null}
                                 */
                                mergeStrategy: "upsert" | "rebuild" | null;
                                error: string | null;
                                createdAt: string;
                                startedAt: string | null;
                                finishedAt: string | null;
                                /** @description a dry run: how many names would change product count (listed at /name-changes) */
                                nameChanges: number | null;
                                /** @description applied, and what it changed is still kept for a revert */
                                revertible: boolean;
                                revert: {
                                    revertedAt: string;
                                    /** @description products put back as they were before the import */
                                    restored: number;
                                    /** @description products the import had created, deleted */
                                    removed: number;
                                    /** @description products written since the import, left as they are (forced revert) */
                                    kept: number;
                                } | null;
                            };
                            /** @description SKUs written since the import, left as they are by a forced revert (the first 1000) */
                            kept: string[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                            /** @description SKUs written since the import (the first 1000) */
                            conflicts?: string[];
                            conflictCount?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running import */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            options: {
                                encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors: number | null;
                            };
                            /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                            suggestion: {
                                /** @enum {string} */
                                encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter?: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description an earlier succeeded import of a file with the same sha256 */
                            duplicateOf: number | null;
                            columns: string[] | null;
                            /** @description columns the import ignores: the first 50, names cut to 200 characters */
                            ignoredColumns: string[];
                            /** @description how many columns the import ignores in all */
                            ignoredColumnCount: number;
                            counts: {
                                rowsRead: number;
                                rowsRejected: number;
                                rowsInserted: number;
                                rowsUpdated: number;
                                rowsUnchanged: number;
                                rowsSuperseded: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                percent: number | null;
                                rowsPerSecond: number | null;
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                            };
                            /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                            timingsMs: {
                                upload: number | null;
                                split: number | null;
                                parse: number | null;
                                load: number | null;
                                merge: number | null;
                                total: number | null;
                            };
                            /**
                             * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                             * @enum {string|null}
                             */
                            mergeStrategy: "upsert" | "rebuild" | null;
                            error: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description a dry run: how many names would change product count (listed at /name-changes) */
                            nameChanges: number | null;
                            /** @description applied, and what it changed is still kept for a revert */
                            revertible: boolean;
                            revert: {
                                revertedAt: string;
                                /** @description products put back as they were before the import */
                                restored: number;
                                /** @description products the import had created, deleted */
                                removed: number;
                                /** @description products written since the import, left as they are (forced revert) */
                                kept: number;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a failed or cancelled import again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            options: {
                                encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors: number | null;
                            };
                            /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                            suggestion: {
                                /** @enum {string} */
                                encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter?: "," | ";" | "\t" | "|";
                            } | null;
                            /** @description an earlier succeeded import of a file with the same sha256 */
                            duplicateOf: number | null;
                            columns: string[] | null;
                            /** @description columns the import ignores: the first 50, names cut to 200 characters */
                            ignoredColumns: string[];
                            /** @description how many columns the import ignores in all */
                            ignoredColumnCount: number;
                            counts: {
                                rowsRead: number;
                                rowsRejected: number;
                                rowsInserted: number;
                                rowsUpdated: number;
                                rowsUnchanged: number;
                                rowsSuperseded: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                percent: number | null;
                                rowsPerSecond: number | null;
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                            };
                            /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                            timingsMs: {
                                upload: number | null;
                                split: number | null;
                                parse: number | null;
                                load: number | null;
                                merge: number | null;
                                total: number | null;
                            };
                            /**
                             * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                             * @enum {string|null}
                             */
                            mergeStrategy: "upsert" | "rebuild" | null;
                            error: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description a dry run: how many names would change product count (listed at /name-changes) */
                            nameChanges: number | null;
                            /** @description applied, and what it changed is still kept for a revert */
                            revertible: boolean;
                            revert: {
                                revertedAt: string;
                                /** @description products put back as they were before the import */
                                restored: number;
                                /** @description products the import had created, deleted */
                                removed: number;
                                /** @description products written since the import, left as they are (forced revert) */
                                kept: number;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products by SKU, keyset-paginated
         * @description q: SKUs starting with q, or names starting with q (case-insensitive), both served by indexes (the primary key and (lower(name), sku)). name: products with exactly this name.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    q?: string;
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                sku: string;
                                name: string;
                                description: string;
                                createdAt: string;
                                updatedAt: string;
                                lastImportId: number | null;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a product (409 if the SKU exists) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        name?: string;
                        /** @default  */
                        description?: string;
                        /** @description 1 to 120 characters, no control characters, no space at the start or end */
                        sku: string & (string);
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sku: string;
                            name: string;
                            description: string;
                            createdAt: string;
                            updatedAt: string;
                            lastImportId: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product; answers 304 to a matching If-None-Match (*, weak comparison, lists) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sku: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sku: string;
                            name: string;
                            description: string;
                            createdAt: string;
                            updatedAt: string;
                            lastImportId: number | null;
                        };
                    };
                };
                /** @description Default Response */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Create or replace a product */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description 1 to 120 characters, no control characters, no space at the start or end */
                    sku: string & (string);
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        name?: string;
                        /** @default  */
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sku: string;
                            name: string;
                            description: string;
                            createdAt: string;
                            updatedAt: string;
                            lastImportId: number | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sku: string;
                            name: string;
                            description: string;
                            createdAt: string;
                            updatedAt: string;
                            lastImportId: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a product */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sku: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change some fields of a product */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sku: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sku: string;
                            name: string;
                            description: string;
                            createdAt: string;
                            updatedAt: string;
                            lastImportId: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/aggregates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Names and their number of products, by count (descending) or by name, keyset-paginated */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    sort?: "count" | "name";
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                productCount: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/aggregates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The number of products with one name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            productCount: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail: string;
                            instance: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Products, distinct names, imports by status, the last import */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            products: number;
                            distinctNames: number;
                            importsByStatus: {
                                [key: string]: number;
                            };
                            lastImport: {
                                id: number;
                                sourceName: string;
                                sourceBytes: number | null;
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                options: {
                                    encoding: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                    delimiter: ("," | ";" | "\t" | "|") | "auto";
                                    /** @description run every phase but the apply and report what would happen; products do not change */
                                    dryRun: boolean;
                                    /**
                                     * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                     * @enum {string}
                                     */
                                    mode: "partial" | "strict";
                                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                    maxErrors: number | null;
                                };
                                /** @description what the first 64 KiB of the file look like: encoding and delimiter */
                                detected: {
                                    /** @enum {string} */
                                    encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree */
                                suggestion: {
                                    /** @enum {string} */
                                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                    /** @enum {string} */
                                    delimiter?: "," | ";" | "\t" | "|";
                                } | null;
                                /** @description an earlier succeeded import of a file with the same sha256 */
                                duplicateOf: number | null;
                                columns: string[] | null;
                                /** @description columns the import ignores: the first 50, names cut to 200 characters */
                                ignoredColumns: string[];
                                /** @description how many columns the import ignores in all */
                                ignoredColumnCount: number;
                                counts: {
                                    rowsRead: number;
                                    rowsRejected: number;
                                    rowsInserted: number;
                                    rowsUpdated: number;
                                    rowsUnchanged: number;
                                    rowsSuperseded: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    percent: number | null;
                                    rowsPerSecond: number | null;
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                };
                                /** @description milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all */
                                timingsMs: {
                                    upload: number | null;
                                    split: number | null;
                                    parse: number | null;
                                    load: number | null;
                                    merge: number | null;
                                    total: number | null;
                                };
                                /**
                                 * @description how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run
                                 * @enum {string|null}
                                 */
                                mergeStrategy: "upsert" | "rebuild" | null;
                                error: string | null;
                                createdAt: string;
                                startedAt: string | null;
                                finishedAt: string | null;
                                /** @description a dry run: how many names would change product count (listed at /name-changes) */
                                nameChanges: number | null;
                                /** @description applied, and what it changed is still kept for a revert */
                                revertible: boolean;
                                revert: {
                                    revertedAt: string;
                                    /** @description products put back as they were before the import */
                                    restored: number;
                                    /** @description products the import had created, deleted */
                                    removed: number;
                                    /** @description products written since the import, left as they are (forced revert) */
                                    kept: number;
                                } | null;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
