/**
 * The benchmark's object store: s3rver (a JavaScript S3-protocol server) in a process of its own, as an object store
 * is a service of its own, so that it does not share the bench's event loop with the uploads it measures. Serves
 * bucket lfp-bench from the directory given as its argument and prints its port on its first line.
 */
import S3rver from 's3rver';

const server = new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[2]!, silent: true, configureBuckets: [{ name: 'lfp-bench' }] });
const { port } = await server.run();
process.stdout.write(`${port}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
