// The package's `exports` do not expose its browser bundle, so it is reached by path (npm
// workspaces install it at the repository root). `type: 'file'` makes `bun build --compile` embed
// it in the executable; here it is the file's path (in the bundle's virtual fs when compiled).
// @ts-expect-error: imported as a file (its path), not as a module, so it has no types to find.
import bundlePath from '../../../node_modules/@scalar/api-reference/dist/browser/standalone.js' with { type: 'file' };

/** Scalar's self-contained API reference (@scalar/api-reference, pinned in package.json). */
export const scalarBundle = Bun.file(bundlePath as string);

let version: Promise<string> | undefined;
/** A short hash of the bundle, so its URL changes with its content and can be cached for good. */
export const scalarVersion = () => {
  version ??= scalarBundle.bytes().then((bytes) => Bun.hash(bytes).toString(36));
  return version;
};
