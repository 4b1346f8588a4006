import { realpathSync } from "node:fs";
import { resolve } from "node:path";

/** Two paths name the same folder (symlinks followed; a missing one compared as resolved). */
export function samePath(a: string, b: string): boolean {
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(a) === real(b);
}
