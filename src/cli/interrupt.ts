/**
 * Ctrl-C or a termination request (SIGINT, SIGTERM) for a command that stops cleanly (`watch`,
 * `mcp`): `interrupted` resolves on the first one, and the handlers go with it, so a second
 * signal ends the process the usual way, at once. `dispose` removes them when the command ends
 * for another reason.
 */
export function onInterrupt(): { interrupted: Promise<void>; dispose: () => void } {
  let dispose = (): void => undefined;
  const interrupted = new Promise<void>((resolve) => {
    const done = (): void => {
      dispose();
      resolve();
    };
    dispose = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
  return { interrupted, dispose };
}
