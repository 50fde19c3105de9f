/**
 * Resolves on the first SIGINT or SIGTERM (a second one ends the process at once), or, for a process started by
 * another lfp process (lfp start's worker), when that parent goes away.
 */
export function waitForSignal(): Promise<undefined> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      resolve(undefined);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    // Started over IPC: the parent may already be gone (it died while this process was starting).
    if (typeof process.send === 'function') {
      if (process.connected) process.once('disconnect', () => resolve(undefined));
      else resolve(undefined);
    }
  });
}
