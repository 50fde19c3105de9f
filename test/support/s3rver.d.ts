// s3rver ships no types: what the tests use of it.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Koa's middleware stack (S3rver is a Koa app): its router last. */
    middleware: unknown[];
    run(): Promise<{ address: string; port: number }>;
    /** Set by run(). */
    httpServer: import('node:http').Server;
    close(): Promise<void>;
  }
}
