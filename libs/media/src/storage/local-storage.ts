import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStorage } from './object-storage';

/**
 * The embedded mode's object store: files under a folder, served back at /media/ by mediaRoutes().
 * Keys are server-generated, and resolve() still refuses any that would leave the folder.
 */
export function localStorage(root: string, publicUrl: string): ObjectStorage & { resolve(key: string): string | null } {
  const absRoot = path.resolve(root);
  const resolve = (key: string) => {
    const file = path.resolve(absRoot, key);
    return file.startsWith(`${absRoot}${path.sep}`) ? file : null;
  };
  const url = (key: string) => `${publicUrl.replace(/\/$/, '')}/media/${key}`;
  return {
    resolve,
    canonicalUrl: url,
    browserUrl: async (key) => url(key),
    async put(key, source) {
      const file = resolve(key);
      if (!file) throw new Error(`object key escapes the media folder: ${key}`);
      await mkdir(path.dirname(file), { recursive: true });
      await copyFile(source.path, file);
    },
    async delete(key) {
      const file = resolve(key);
      if (file) await rm(file, { force: true });
    },
    async list(prefix) {
      const dir = resolve(prefix);
      if (!dir) return [];
      const names = await readdir(dir).catch(() => []);
      return names.map((n) => path.posix.join(prefix, n));
    },
    async check() {
      await mkdir(absRoot, { recursive: true });
      await stat(absRoot);
    },
  };
}
