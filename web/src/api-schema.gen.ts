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
                                /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                                sourceUrl: string | null;
                                /** @description of the file as received; null until read, for an object read in place */
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                    /** @description the file column each product column is read from; a product column left out is found by its own name */
                                    mapping: {
                                        /** @description the file column that holds the SKU */
                                        sku?: string;
                                        /** @description the file column that holds the name */
                                        name?: string;
                                        /** @description the file column that holds the description */
                                        description?: string;
                                    };
                                    /**
                                     * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                     * @enum {string}
                                     */
                                    onConflict: "update" | "skip";
                                    /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                    sync: boolean;
                                    /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                    maxDeletePercent: number;
                                };
                                /** @description the saved profile the options started from */
                                profile: string | null;
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
                                /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                                mappedColumns: {
                                    sku: string;
                                    name: string | null;
                                    description: string | null;
                                } | null;
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
                                    /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                    rowsDeleted: number;
                                    /** @description onConflict=skip: existing products the file lists, left as they were */
                                    rowsSkipped: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                    percent: number | null;
                                    /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                    rowsPerSecond: number | null;
                                    /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                    /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                    mergeStepPercent: number | null;
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
                                /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                                timeline: {
                                    /** @enum {string} */
                                    step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                    /** @description milliseconds from the start of the upload */
                                    startMs: number;
                                    /** @description null: still running */
                                    endMs: number | null;
                                }[];
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
         * @description The file as the raw body (text/csv, application/gzip, application/x-gzip, application/octet-stream) or as the "file" field of multipart/form-data; or application/json {"url": "https://host/path.csv.gz"} or {"url": "s3://bucket/key"} for a file where it already is, from hosts and buckets listed in LFP_SOURCE_HOSTS (loopback, private and link-local addresses refused unless listed exactly). Streams to storage while hashing (an s3:// object is read in place, at the ETag it has now); answers 202 once the upload is stored and its import queued, 200 when nothing new was queued: the Idempotency-Key was known (the first import, header Idempotent-Replayed: true) or the file was seen before and skipIfSeen was set (a skipped import). duplicateOf names an earlier succeeded import of the same file either way. A mapping (map.sku=...) naming a column the header lacks is refused with 422, listing the header (columns); a profile names saved options, under those given here.
         */
        post: {
            parameters: {
                query?: {
                    /** @description a saved profile (PUT /api/profiles/{name}): its options and mapping, under those given here */
                    profile?: string;
                    /** @description run every phase but the apply and report what would happen; products do not change */
                    dryRun?: "0" | "1" | "true" | "false";
                    /** @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied (default partial) */
                    mode?: "partial" | "strict";
                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                    maxErrors?: string;
                    /** @description text encoding of the file (default utf-8); auto: what its first 64 KiB look like (the import reports what it detected) */
                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be" | "auto";
                    /** @description field delimiter: , (default) ; | or tab (also comma, semicolon, pipe, \t), or auto */
                    delimiter?: "," | "comma" | ";" | "semicolon" | "\t" | "\\t" | "tab" | "|" | "pipe" | "auto";
                    /** @description the file column that holds the SKU (a mapping: "Item Number", say) */
                    "map.sku"?: string;
                    /** @description the file column that holds the name (a mapping: "Item Number", say) */
                    "map.name"?: string;
                    /** @description the file column that holds the description (a mapping: "Item Number", say) */
                    "map.description"?: string;
                    /** @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted */
                    onConflict?: "update" | "skip";
                    /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                    sync?: "0" | "1" | "true" | "false";
                    /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                    maxDeletePercent?: string;
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
                            /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                            sourceUrl: string | null;
                            /** @description of the file as received; null until read, for an object read in place */
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                /** @description the file column each product column is read from; a product column left out is found by its own name */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent: number;
                            };
                            /** @description the saved profile the options started from */
                            profile: string | null;
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
                            /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                            mappedColumns: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
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
                                /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                rowsDeleted: number;
                                /** @description onConflict=skip: existing products the file lists, left as they were */
                                rowsSkipped: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                percent: number | null;
                                /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                rowsPerSecond: number | null;
                                /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                                /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                mergeStepPercent: number | null;
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
                            /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                            timeline: {
                                /** @enum {string} */
                                step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                /** @description milliseconds from the start of the upload */
                                startMs: number;
                                /** @description null: still running */
                                endMs: number | null;
                            }[];
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
                            /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                            sourceUrl: string | null;
                            /** @description of the file as received; null until read, for an object read in place */
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                /** @description the file column each product column is read from; a product column left out is found by its own name */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent: number;
                            };
                            /** @description the saved profile the options started from */
                            profile: string | null;
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
                            /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                            mappedColumns: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
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
                                /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                rowsDeleted: number;
                                /** @description onConflict=skip: existing products the file lists, left as they were */
                                rowsSkipped: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                percent: number | null;
                                /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                rowsPerSecond: number | null;
                                /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                                /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                mergeStepPercent: number | null;
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
                            /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                            timeline: {
                                /** @enum {string} */
                                step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                /** @description milliseconds from the start of the upload */
                                startMs: number;
                                /** @description null: still running */
                                endMs: number | null;
                            }[];
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
                            /** @description an unknown column in the mapping: the columns the header has (the first 50) */
                            columns?: string[];
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
    "/api/imports/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * How the start of a file would be imported, before submitting it: header, mapping suggestions, first 20 rows
         * @description The first bytes of the file (at most 1048576 bytes) as the raw body; nothing is stored or queued. With a mapping (map.sku=...), the rows are read through it; problem says why they cannot be.
         */
        post: {
            parameters: {
                query?: {
                    /** @description text encoding of the file (default utf-8); auto: what its first 64 KiB look like (the import reports what it detected) */
                    encoding?: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be" | "auto";
                    /** @description field delimiter: , (default) ; | or tab (also comma, semicolon, pipe, \t), or auto */
                    delimiter?: "," | "comma" | ";" | "semicolon" | "\t" | "\\t" | "tab" | "|" | "pipe" | "auto";
                    /** @description the file column that holds the SKU (a mapping: "Item Number", say) */
                    "map.sku"?: string;
                    /** @description the file column that holds the name (a mapping: "Item Number", say) */
                    "map.name"?: string;
                    /** @description the file column that holds the description (a mapping: "Item Number", say) */
                    "map.description"?: string;
                    /** @description the body is the whole file (else its start: a record cut off at its end is left out) */
                    complete?: "0" | "1" | "true" | "false";
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
                            detected: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            };
                            /** @description what the file is read with: the options given, auto resolved */
                            dialect: {
                                /** @enum {string} */
                                encoding: "utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be";
                                /** @enum {string} */
                                delimiter: "," | ";" | "\t" | "|";
                            };
                            /** @description the header's columns */
                            columns: string[];
                            suggestions: {
                                /** @description header columns that look like this product column, best first (case, spaces, underscores, synonyms) */
                                sku: {
                                    column: string;
                                    index: number;
                                }[];
                                /** @description header columns that look like this product column, best first (case, spaces, underscores, synonyms) */
                                name: {
                                    column: string;
                                    index: number;
                                }[];
                                /** @description header columns that look like this product column, best first (case, spaces, underscores, synonyms) */
                                description: {
                                    column: string;
                                    index: number;
                                }[];
                            };
                            /** @description the column each product column is read from with the mapping given; null when the header cannot be read so */
                            mapped: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
                            /** @description why the file cannot be imported so (no sku column, an unknown column in the mapping...), or null */
                            problem: string | null;
                            /** @description the first 20 records as the import would take them */
                            rows: ({
                                line: number;
                                sku: string;
                                name: string;
                                description: string;
                            } | {
                                line: number;
                                /** @description why the import would reject the row */
                                rejected: string;
                            })[];
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
                            /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                            sourceUrl: string | null;
                            /** @description of the file as received; null until read, for an object read in place */
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                /** @description the file column each product column is read from; a product column left out is found by its own name */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent: number;
                            };
                            /** @description the saved profile the options started from */
                            profile: string | null;
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
                            /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                            mappedColumns: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
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
                                /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                rowsDeleted: number;
                                /** @description onConflict=skip: existing products the file lists, left as they were */
                                rowsSkipped: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                percent: number | null;
                                /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                rowsPerSecond: number | null;
                                /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                                /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                mergeStepPercent: number | null;
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
                            /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                            timeline: {
                                /** @enum {string} */
                                step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                /** @description milliseconds from the start of the upload */
                                startMs: number;
                                /** @description null: still running */
                                endMs: number | null;
                            }[];
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
    "/api/imports/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events: every import (event "import") when it is submitted and whenever it changes, until the client leaves
         * @description On connecting, every unfinished import and those finished in the last few seconds; then each import again when it changes. A dashboard keeps its lists current from this one stream.
         */
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
                    /** @description only the rows rejected for this reason (as /errors/summary names it) */
                    reason?: string;
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
    "/api/imports/{id}/errors/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rejected rows grouped by reason, with how many rows each reason rejected */
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
                            /** @description rejected rows in all */
                            total: number;
                            /** @description the reasons rows were rejected for, the most frequent first (at most 100) */
                            reasons: {
                                reason: string;
                                /** @description rows rejected for this reason */
                                rows: number;
                                /** @description the first line rejected for it */
                                firstLine: number;
                            }[];
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
                                /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                                sourceUrl: string | null;
                                /** @description of the file as received; null until read, for an object read in place */
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                    /** @description the file column each product column is read from; a product column left out is found by its own name */
                                    mapping: {
                                        /** @description the file column that holds the SKU */
                                        sku?: string;
                                        /** @description the file column that holds the name */
                                        name?: string;
                                        /** @description the file column that holds the description */
                                        description?: string;
                                    };
                                    /**
                                     * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                     * @enum {string}
                                     */
                                    onConflict: "update" | "skip";
                                    /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                    sync: boolean;
                                    /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                    maxDeletePercent: number;
                                };
                                /** @description the saved profile the options started from */
                                profile: string | null;
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
                                /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                                mappedColumns: {
                                    sku: string;
                                    name: string | null;
                                    description: string | null;
                                } | null;
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
                                    /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                    rowsDeleted: number;
                                    /** @description onConflict=skip: existing products the file lists, left as they were */
                                    rowsSkipped: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                    percent: number | null;
                                    /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                    rowsPerSecond: number | null;
                                    /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                    /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                    mergeStepPercent: number | null;
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
                                /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                                timeline: {
                                    /** @enum {string} */
                                    step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                    /** @description milliseconds from the start of the upload */
                                    startMs: number;
                                    /** @description null: still running */
                                    endMs: number | null;
                                }[];
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
                            /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                            sourceUrl: string | null;
                            /** @description of the file as received; null until read, for an object read in place */
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                /** @description the file column each product column is read from; a product column left out is found by its own name */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent: number;
                            };
                            /** @description the saved profile the options started from */
                            profile: string | null;
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
                            /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                            mappedColumns: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
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
                                /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                rowsDeleted: number;
                                /** @description onConflict=skip: existing products the file lists, left as they were */
                                rowsSkipped: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                percent: number | null;
                                /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                rowsPerSecond: number | null;
                                /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                                /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                mergeStepPercent: number | null;
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
                            /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                            timeline: {
                                /** @enum {string} */
                                step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                /** @description milliseconds from the start of the upload */
                                startMs: number;
                                /** @description null: still running */
                                endMs: number | null;
                            }[];
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
        /**
         * Queue a failed or cancelled import again
         * @description dialect=suggested reads the file with the encoding and delimiter the import suggests (409 when it suggests none), dialect=detect detects both from the file; by default it is read as before.
         */
        post: {
            parameters: {
                query?: {
                    dialect?: "as-before" | "suggested" | "detect";
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
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            sourceName: string;
                            sourceBytes: number | null;
                            /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                            sourceUrl: string | null;
                            /** @description of the file as received; null until read, for an object read in place */
                            sha256: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                            /**
                             * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                             * @enum {string|null}
                             */
                            phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                            /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                /** @description the file column each product column is read from; a product column left out is found by its own name */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent: number;
                            };
                            /** @description the saved profile the options started from */
                            profile: string | null;
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
                            /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                            mappedColumns: {
                                sku: string;
                                name: string | null;
                                description: string | null;
                            } | null;
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
                                /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                rowsDeleted: number;
                                /** @description onConflict=skip: existing products the file lists, left as they were */
                                rowsSkipped: number;
                            };
                            progress: {
                                bytesDone: number;
                                bytesTotal: number | null;
                                rowsDone: number;
                                chunksDone: number;
                                chunksTotal: number | null;
                                /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                percent: number | null;
                                /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                rowsPerSecond: number | null;
                                /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                etaSeconds: number | null;
                                /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                mergeStep: string | null;
                                /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                mergeStepPercent: number | null;
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
                            /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                            timeline: {
                                /** @enum {string} */
                                step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                /** @description milliseconds from the start of the upload */
                                startMs: number;
                                /** @description null: still running */
                                endMs: number | null;
                            }[];
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
         * @description q: SKUs starting with q, or names starting with q (case-insensitive), both served by indexes (the primary key and (lower(name), sku)). name: products with exactly this name. total: how many the list has.
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
                            /** @description how many results the list has, over all its pages */
                            total: {
                                count: number;
                                /**
                                 * @description exact: counted; estimate: from the table's statistics (a large unfiltered list); at-least: more than count, not counted further
                                 * @enum {string}
                                 */
                                kind: "exact" | "estimate" | "at-least";
                            };
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
    "/api/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the saved import profiles, by name */
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
                            items: {
                                /**
                                 * @description options of the imports that use the profile; an option given with an import overrides its profile's
                                 * @default {}
                                 */
                                options: {
                                    encoding?: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                    delimiter?: ("," | ";" | "\t" | "|") | "auto";
                                    /** @description run every phase but the apply and report what would happen; products do not change */
                                    dryRun?: boolean;
                                    /**
                                     * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                     * @enum {string}
                                     */
                                    mode?: "partial" | "strict";
                                    /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                    maxErrors?: number | null;
                                    /**
                                     * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                     * @enum {string}
                                     */
                                    onConflict?: "update" | "skip";
                                    /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                    sync?: boolean;
                                    /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                    maxDeletePercent?: number;
                                };
                                /**
                                 * @description the profile's column mapping; a mapping given with an import overrides it column by column
                                 * @default {}
                                 */
                                mapping: {
                                    /** @description the file column that holds the SKU */
                                    sku?: string;
                                    /** @description the file column that holds the name */
                                    name?: string;
                                    /** @description the file column that holds the description */
                                    description?: string;
                                };
                                name: string;
                                createdAt: string;
                                updatedAt: string;
                            }[];
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
    "/api/profiles/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved import profile */
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
                            /**
                             * @description options of the imports that use the profile; an option given with an import overrides its profile's
                             * @default {}
                             */
                            options: {
                                encoding?: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter?: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun?: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode?: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors?: number | null;
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict?: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync?: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent?: number;
                            };
                            /**
                             * @description the profile's column mapping; a mapping given with an import overrides it column by column
                             * @default {}
                             */
                            mapping: {
                                /** @description the file column that holds the SKU */
                                sku?: string;
                                /** @description the file column that holds the name */
                                name?: string;
                                /** @description the file column that holds the description */
                                description?: string;
                            };
                            name: string;
                            createdAt: string;
                            updatedAt: string;
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
        /**
         * Save an import profile: options and a column mapping, applied to an import with profile=NAME
         * @description Options are those an import shows (delimiter as the character, or "auto"); an option or mapped column given with the import overrides the profile's. Replaces a profile of that name.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description options of the imports that use the profile; an option given with an import overrides its profile's
                         * @default {}
                         */
                        options?: {
                            encoding?: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                            delimiter?: ("," | ";" | "\t" | "|") | "auto";
                            /** @description run every phase but the apply and report what would happen; products do not change */
                            dryRun?: boolean;
                            /**
                             * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                             * @enum {string}
                             */
                            mode?: "partial" | "strict";
                            /** @description fail the import, nothing applied, once more than this many rows were rejected */
                            maxErrors?: number | null;
                            /**
                             * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                             * @enum {string}
                             */
                            onConflict?: "update" | "skip";
                            /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                            sync?: boolean;
                            /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                            maxDeletePercent?: number;
                        };
                        /**
                         * @description the profile's column mapping; a mapping given with an import overrides it column by column
                         * @default {}
                         */
                        mapping?: {
                            /** @description the file column that holds the SKU */
                            sku?: string;
                            /** @description the file column that holds the name */
                            name?: string;
                            /** @description the file column that holds the description */
                            description?: string;
                        };
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
                            /**
                             * @description options of the imports that use the profile; an option given with an import overrides its profile's
                             * @default {}
                             */
                            options: {
                                encoding?: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter?: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun?: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode?: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors?: number | null;
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict?: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync?: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent?: number;
                            };
                            /**
                             * @description the profile's column mapping; a mapping given with an import overrides it column by column
                             * @default {}
                             */
                            mapping: {
                                /** @description the file column that holds the SKU */
                                sku?: string;
                                /** @description the file column that holds the name */
                                name?: string;
                                /** @description the file column that holds the description */
                                description?: string;
                            };
                            name: string;
                            createdAt: string;
                            updatedAt: string;
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
                            /**
                             * @description options of the imports that use the profile; an option given with an import overrides its profile's
                             * @default {}
                             */
                            options: {
                                encoding?: ("utf-8" | "windows-1252" | "latin1" | "utf-16le" | "utf-16be") | "auto";
                                delimiter?: ("," | ";" | "\t" | "|") | "auto";
                                /** @description run every phase but the apply and report what would happen; products do not change */
                                dryRun?: boolean;
                                /**
                                 * @description partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied
                                 * @enum {string}
                                 */
                                mode?: "partial" | "strict";
                                /** @description fail the import, nothing applied, once more than this many rows were rejected */
                                maxErrors?: number | null;
                                /**
                                 * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                 * @enum {string}
                                 */
                                onConflict?: "update" | "skip";
                                /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                sync?: boolean;
                                /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                maxDeletePercent?: number;
                            };
                            /**
                             * @description the profile's column mapping; a mapping given with an import overrides it column by column
                             * @default {}
                             */
                            mapping: {
                                /** @description the file column that holds the SKU */
                                sku?: string;
                                /** @description the file column that holds the name */
                                name?: string;
                                /** @description the file column that holds the description */
                                description?: string;
                            };
                            name: string;
                            createdAt: string;
                            updatedAt: string;
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
        /** Delete a saved import profile (imports that used it keep the options they ran with) */
        delete: {
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
        patch?: never;
        trace?: never;
    };
    "/api/aggregates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Names and their number of products, by count (most first, or fewest first) or by name, keyset-paginated
         * @description sort=fewest reads the count index backwards: the fewest products first, names of equal count in descending order.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    sort?: "count" | "fewest" | "name";
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
                            /** @description how many results the list has, over all its pages */
                            total: {
                                count: number;
                                /**
                                 * @description exact: counted; estimate: from the table's statistics (a large unfiltered list); at-least: more than count, not counted further
                                 * @enum {string}
                                 */
                                kind: "exact" | "estimate" | "at-least";
                            };
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
        /** Products, distinct names, imports and dry runs by status, the last import */
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
                            /** @description applied imports (not dry runs) by status */
                            importsByStatus: {
                                [key: string]: number;
                            };
                            /** @description dry runs by status */
                            dryRunsByStatus: {
                                [key: string]: number;
                            };
                            lastImport: {
                                id: number;
                                sourceName: string;
                                sourceBytes: number | null;
                                /** @description the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL */
                                sourceUrl: string | null;
                                /** @description of the file as received; null until read, for an object read in place */
                                sha256: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "skipped" | "reverted";
                                /**
                                 * @description where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished
                                 * @enum {string|null}
                                 */
                                phase: "queued" | "split" | "load" | "waiting" | "merge" | null;
                                /** @description the options the import ran with: the defaults, under its profile's, under those given with it */
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
                                    /** @description the file column each product column is read from; a product column left out is found by its own name */
                                    mapping: {
                                        /** @description the file column that holds the SKU */
                                        sku?: string;
                                        /** @description the file column that holds the name */
                                        name?: string;
                                        /** @description the file column that holds the description */
                                        description?: string;
                                    };
                                    /**
                                     * @description update (default): a listed SKU that exists takes the file's name and description; skip: it is left as it is (counted as rowsSkipped), only new SKUs are inserted
                                     * @enum {string}
                                     */
                                    onConflict: "update" | "skip";
                                    /** @description the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted (rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product */
                                    sync: boolean;
                                    /** @description sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10) */
                                    maxDeletePercent: number;
                                };
                                /** @description the saved profile the options started from */
                                profile: string | null;
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
                                /** @description the file column each product column was read from (by the mapping, or by its name); null until the header is read */
                                mappedColumns: {
                                    sku: string;
                                    name: string | null;
                                    description: string | null;
                                } | null;
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
                                    /** @description sync: products the file does not list, deleted (a dry run: that would be) */
                                    rowsDeleted: number;
                                    /** @description onConflict=skip: existing products the file lists, left as they were */
                                    rowsSkipped: number;
                                };
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number | null;
                                    rowsDone: number;
                                    chunksDone: number;
                                    chunksTotal: number | null;
                                    /** @description of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds */
                                    percent: number | null;
                                    /** @description running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time */
                                    rowsPerSecond: number | null;
                                    /** @description until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports) */
                                    etaSeconds: number | null;
                                    /** @description what the merge is doing now (writing rows, building index 1 of 5...), while it runs */
                                    mergeStep: string | null;
                                    /** @description how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index) */
                                    mergeStepPercent: number | null;
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
                                /** @description when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out */
                                timeline: {
                                    /** @enum {string} */
                                    step: "upload" | "queued" | "split" | "load" | "waiting" | "merge";
                                    /** @description milliseconds from the start of the upload */
                                    startMs: number;
                                    /** @description null: still running */
                                    endMs: number | null;
                                }[];
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
                            /** @description files being uploaded to this server now: each becomes an import once received */
                            uploadsInProgress: number;
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
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhooks, the newest first (secrets are not shown) */
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
                            items: {
                                id: number;
                                url: string;
                                events: ("import.succeeded" | "import.failed" | "import.cancelled" | "import.reverted" | "import.skipped")[];
                                createdAt: string;
                            }[];
                            next: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a webhook: a URL told when imports finish
         * @description Answers with the webhook and its secret, shown this once. The URL's host is resolved and refused (422) at a loopback, private or link-local address unless LFP_WEBHOOK_ALLOW_PRIVATE=true; each delivery checks it again. Each delivery is a POST of JSON {"id": <delivery id>, "event", "occurredAt", "import": <the import as GET /api/imports/{id} shows it>} with headers Lfp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>, Lfp-Delivery (the id) and Lfp-Event. A delivery is sent at least once: deduplicate by its id. It is retried on a non-2xx answer or none within 10 s: after about 5 s, then twice as long each time, the 15th and last attempt about 23 hours after the first.
         */
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
                        /** @description where deliveries are POSTed: http or https, at a public address unless LFP_WEBHOOK_ALLOW_PRIVATE=true */
                        url: string;
                        /**
                         * @description the events to send (default: all of them)
                         * @default [
                         *       "import.succeeded",
                         *       "import.failed",
                         *       "import.cancelled",
                         *       "import.reverted",
                         *       "import.skipped"
                         *     ]
                         */
                        events?: ("import.succeeded" | "import.failed" | "import.cancelled" | "import.reverted" | "import.skipped")[];
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
                            id: number;
                            url: string;
                            events: ("import.succeeded" | "import.failed" | "import.cancelled" | "import.reverted" | "import.skipped")[];
                            createdAt: string;
                            /** @description the key of the Lfp-Signature header (HMAC-SHA256): shown this once, keep it */
                            secret: string;
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
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook */
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
                            url: string;
                            events: ("import.succeeded" | "import.failed" | "import.cancelled" | "import.reverted" | "import.skipped")[];
                            createdAt: string;
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
        /** Delete a webhook and its deliveries (pending ones are not sent) */
        delete: {
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
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries, the newest first, each with every attempt (status code, duration, error) */
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
                                /** @description the delivery id, in the body and the Lfp-Delivery header: the same at every attempt, for deduplication */
                                id: string;
                                webhookId: number;
                                /** @enum {string} */
                                event: "import.succeeded" | "import.failed" | "import.cancelled" | "import.reverted" | "import.skipped";
                                importId: number;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                attempts: {
                                    attempt: number;
                                    startedAt: string;
                                    durationMs: number;
                                    /** @description the receiver's HTTP status; null when no answer came (timeout, refused, unreachable) */
                                    statusCode: number | null;
                                    error: string | null;
                                }[];
                                /** @description when the next attempt is due, while pending */
                                nextAttemptAt: string | null;
                                createdAt: string;
                                finishedAt: string | null;
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
