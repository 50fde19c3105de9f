/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
export function waitForSignal(): Promise<undefined> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      resolve(undefined);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  });
}
